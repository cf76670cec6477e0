"""The models' defaults that depend on the data."""

from sklnn.compare import run_comparison


def test_dbscan_default_eps_recovers_the_blobs():
    results = run_comparison(
        "blobs", task="clustering", models="dbscan,sk-dbscan", quick=True, progress=False
    )
    assert (results["mean"] >= 0.9).all(), results[["model", "mean"]]
