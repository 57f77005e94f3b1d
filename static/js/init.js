// Progressive enhancement only: every page works without JavaScript.
document.body.className += " js-enabled govuk-frontend-supported";
