"""Chapter 4 of the course textbook with sklnn: k-Means, DBSCAN and the Rand index.

Replays the book's examples with sklnn's public estimators and prints their numbers:

- §4.4.1, Figure 4.13: k-Means from three random centres, three iterations of assignment
  (Eq. 4.15) and re-estimation (Eq. 4.16), and the objective J (Eq. 4.17) after each;
- §4.4.2, Figure 4.15: DBSCAN with minPts = 4 on points laid out like the figure's, each
  one a core point, a border point or an outlier (noise);
- §4.4.3, Figure 4.17: the Rand index of 17 points of three colours (8 blue, 5 green,
  4 yellow) in three clusters, R = 92/136 ≈ 0.68 (Eq. 4.27).

    python examples/textbook/chapter4_clustering.py               # 600 points for k-Means
    python examples/textbook/chapter4_clustering.py --quick       # 150, for the tests
    python examples/textbook/chapter4_clustering.py --out figures # folder of the figures
"""

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_blobs

from sklnn.cluster import DBSCAN, KMeans
from sklnn.metrics import confusion_matrix, rand_score
from sklnn.plotting import plot_clusters_2d, save_figure

SEED = 0
# Figure 4.15 has no coordinates: A and three companions make a square, B leans on two of
# them, C on A, N stands alone. With eps = 1.5 and minPts = 4, A is a core point, B and C
# border points and N an outlier, as in the figure.
FIGURE_4_15 = np.array([[0, 0], [1, 0], [0, 1], [1, 1], [2.2, 0.5], [-1.2, -0.6], [5, 5]])
NAMES = ["A", "", "", "", "B", "C", "N"]
# Figure 4.17 is not in the text: the one layout its pair counts (Eqs. 4.23-4.26) allow.
COLOURS = ["blue"] * 8 + ["green"] * 5 + ["yellow"] * 4
CLUSTERS = [1, 1, 1, 1, 1, 2, 3, 3] + [1, 2, 2, 2, 2] + [2, 3, 3, 3]


def kmeans_iterations(out, n_samples):
    """Figure 4.13: the clusters and centres after each of three iterations."""
    X, _ = make_blobs(n_samples=n_samples, centers=3, cluster_std=1.2, random_state=SEED)
    start = X[np.random.RandomState(SEED).choice(len(X), 3, replace=False)]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5), layout="constrained")
    print("§4.4.1, k-Means from three random points")
    for iterations, ax in zip(range(1, 4), axes):
        model = KMeans(n_clusters=3, init=start, n_init=1, max_iter=iterations).fit(X)
        print(f"  after {iterations} iteration(s)  J = {model.inertia_:.2f}")
        plot_clusters_2d(X, model.labels_, centers=model.cluster_centers_, ax=ax,
                         title=f"iteration {iterations}: J = {model.inertia_:.1f}")
    save_figure(fig, out / "figure_4_13_kmeans_iterations.png")


def dbscan_point_kinds(out):
    """Figure 4.15: core, border and noise points with minPts = 4."""
    X = FIGURE_4_15
    model = DBSCAN(eps=1.5, min_samples=4).fit(X)
    kinds = np.where(model.labels_ == -1, "outlier", "border point")
    kinds[model.core_sample_indices_] = "core point"
    print("§4.4.2, DBSCAN, eps = 1.5, minPts = 4")
    for name, kind in zip(NAMES, kinds):
        if name:
            print(f"  {name}: {kind}")
    fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
    plot_clusters_2d(X, kinds, ax=ax, kind="", title="Figure 4.15 (eps = 1.5, minPts = 4)")
    for (x, y), name in zip(X, NAMES):
        ax.add_patch(plt.Circle((x, y), 1.5, fill=False, color="gray", linewidth=0.6))
        ax.annotate(name, (x, y), textcoords="offset points", xytext=(6, 6))
    ax.set_aspect("equal")
    save_figure(fig, out / "figure_4_15_dbscan_points.png")


def rand_index_example():
    """Figure 4.17 and Eq. 4.27."""
    print("§4.4.3, Figure 4.17: colours (rows) against clusters (columns)")
    table = confusion_matrix(COLOURS, [str(c) for c in CLUSTERS],
                             labels=["blue", "green", "yellow", "1", "2", "3"])[:3, 3:]
    print(table)
    print(f"  Rand index = {rand_score(COLOURS, CLUSTERS):.4f} (92/136 = {92 / 136:.4f})")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer points, for the tests")
    parser.add_argument("--out", type=Path, default=Path("examples_output/textbook/chapter4"),
                        help="folder of the PNG figures (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    kmeans_iterations(args.out, 150 if args.quick else 600)
    dbscan_point_kinds(args.out)
    rand_index_example()
    print(f"figures in {args.out}")


if __name__ == "__main__":
    main()
