"""KMeans against DBSCAN on two moons and on three blobs, scored by the Rand index.

k-Means assigns each point to the nearest of k centroids, so its clusters are convex blobs
(course textbook, §4.4.1, Figure 4.14); DBSCAN grows a cluster through chains of points
closer than ``eps`` to one another, so it follows any shape and marks isolated points as
noise (§4.4.2). Both are scored against the true labels with the Rand index, the fraction
of point pairs that the clustering and the truth group alike (§4.4.3, Eq. 4.18), and the
adjusted Rand index, which corrects it for chance: 0 for a random labelling, 1 for the
true one. The script prints one row per (data set, model) and draws the clusters.

    python examples/kmeans_vs_dbscan.py                # 1 000 points per data set
    python examples/kmeans_vs_dbscan.py --quick        # 300 points, as the tests run it
    python examples/kmeans_vs_dbscan.py --out figures  # folder of the PNG figures
"""

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import make_blobs, make_moons
from sklearn.preprocessing import StandardScaler

from sklnn.cluster import DBSCAN, KMeans
from sklnn.metrics import adjusted_rand_score, rand_score
from sklnn.plotting import plot_clusters_2d, save_figure

SEED = 0
BLOB_CENTERS = [(-4, -2), (0, 4), (4, -2)]
DBSCAN_PARAMS = {"eps": 0.25, "min_samples": 5}  # eps in units of the standardized data


def make_data_sets(n_samples):
    """The two data sets, as name -> (X, true labels)."""
    return {
        "moons": make_moons(n_samples=n_samples, noise=0.06, random_state=SEED),
        "blobs": make_blobs(n_samples=n_samples, centers=BLOB_CENTERS, random_state=SEED),
    }


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer points, for the tests")
    parser.add_argument("--out", type=Path, default=Path("examples_output/kmeans_vs_dbscan"),
                        help="folder of the PNG figures (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    """Cluster both data sets with both models; print and return the scores table."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for data_name, (X, y) in make_data_sets(300 if args.quick else 1000).items():
        X = StandardScaler().fit_transform(X)
        models = {
            "KMeans": KMeans(n_clusters=len(np.unique(y)), random_state=SEED),
            "DBSCAN": DBSCAN(**DBSCAN_PARAMS),
        }
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
        for ax, (model_name, model) in zip(axes, models.items()):
            labels = model.fit_predict(X)
            row = {
                "data set": data_name,
                "model": model_name,
                "clusters": len(np.unique(labels[labels != -1])),
                "noise points": int(np.sum(labels == -1)),
                "Rand index": rand_score(y, labels),
                "adjusted Rand index": adjusted_rand_score(y, labels),
            }
            rows.append(row)
            centers = getattr(model, "cluster_centers_", None)
            title = f"{model_name}: ARI = {row['adjusted Rand index']:.3f}"
            plot_clusters_2d(X, labels, centers=centers, ax=ax, title=title)
        fig.suptitle(f"{data_name}, standardized ({len(X)} points)")
        save_figure(fig, args.out / f"clusters_{data_name}.png")
    table = pd.DataFrame(rows)
    print(f"KMeans(n_clusters = true number of classes) vs DBSCAN({DBSCAN_PARAMS})")
    print(table.to_string(index=False, float_format="{:.3f}".format))
    print(f"figures in {args.out}")
    return table


if __name__ == "__main__":
    main()
