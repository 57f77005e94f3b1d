"""Test tooling shared by every app's tests (fixtures, helpers, fakes); the product never imports it."""
