"""Assessment: the state machine of decisions on reports (`rules`), and the API that records one
(`workflow.assess`). Kept import-free so that the intake loader can use the rules beneath it."""
