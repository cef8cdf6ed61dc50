"""The web layer: public pages, the analysts' workspace and the REST API — thin shells over the
same core functions as the CLI (`civcas.publication`, `civcas.intake`, `civcas.assessment`)."""
