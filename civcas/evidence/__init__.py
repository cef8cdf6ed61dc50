"""Evidence: which logged strikes could have caused each allegation (`matcher.candidates`), under a
published rule of dates and distances (`rule.MatchRule`)."""
