import { initAll } from "/static/govuk/govuk-frontend-5.8.0.min.js";
initAll();
