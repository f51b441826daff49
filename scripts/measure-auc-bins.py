# Measures the histogram AUC of PerformanceMonitor (1,000 bins uniform in logit space between
# logit(1e-6) and logit(1 - 1e-6), ties within a bin counted as halves) against the exact AUC on
# simulated click scores, with the bound the report states. A measurement, not a test; needs numpy
# and scipy (scripts/python-venv.sh bench). Figures: docs/monitoring.md.
import math, random
import numpy as np
rng = np.random.default_rng(7)
low = math.log(1e-6/(1-1e-6)); high = -low; B = 1000
def hist_auc(s, y):
    logit = np.log(np.clip(s,1e-300,1-1e-16)/(1-np.clip(s,1e-300,1-1e-16)))
    b = np.clip(np.floor((logit-low)/(high-low)*B).astype(int),0,B-1)
    P = np.bincount(b[y==1], minlength=B).astype(float); N = np.bincount(b[y==0], minlength=B).astype(float)
    above = P.sum() - np.cumsum(P)
    area = (N*(above + 0.5*P)).sum(); p=P.sum(); n=N.sum()
    return area/(p*n), (P*N).sum()/(p*n)
def exact_auc(s, y):
    order = np.argsort(s, kind="mergesort"); s2 = s[order]; y2 = y[order]
    # ranks with ties averaged
    from scipy.stats import rankdata
    r = rankdata(s)
    p = y.sum(); n = len(y)-p
    return (r[y==1].sum() - p*(p+1)/2)/(p*n)
for name, mu, sd, n in [("ctr ~4%", -3.3, 1.0, 1_000_000), ("ctr ~17%", -1.8, 0.8, 1_000_000), ("window 10k", -3.3, 1.0, 10_000)]:
    z = rng.normal(mu, sd, n); p = 1/(1+np.exp(-z)); y = (rng.random(n) < p).astype(int)
    s = np.float32(p).astype(float)  # scores logged as float32
    h, bound = hist_auc(s, y); e = exact_auc(s, y)
    print(f"{name}: n={n} exact={e:.6f} hist={h:.6f} |diff|={abs(h-e):.2e} bound={bound:.2e}")
