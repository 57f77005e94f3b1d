"""Tests that exercise several apps at once: the sweeps over every URL (scoping, writes, query
budget, security, accessibility), navigation, search, the demo and national data, reminder kinds,
configuration, and the drills against real services. Each app's own tests stay in ``<app>/tests``."""
