"""Estimating how many civilians were killed, including those no list recorded.

Modules: `civcas.estimation.loglinear` (log-linear / Poisson GLM multiple systems estimation,
Rcapture-style heterogeneity models, Lincoln–Petersen and Chapman) and `civcas.estimation.lcmcr`.
"""
