"""Chapter 5 of the course textbook with sklnn: PCA on Iris and its reconstruction error.

Replays §5.1 with ``sklnn.decomposition.PCA`` and prints its numbers:

- the eigenvalues λᵢ of the covariance matrix (Eq. 5.6), the variance along each
  component, and Figure 5.2, Iris projected on the first two eigenvectors (Eq. 5.9);
- for each number k of components kept, the reconstruction error (Eqs. 5.10-5.11)
  against the sum of the discarded eigenvalues. sklnn's λᵢ are those of the unbiased
  covariance (divided by n − 1), so the mean squared error over the n samples is
  (n − 1)/n Σ_{i>k} λᵢ; the sum of the squared errors divided by n − 1 is Σ_{i>k} λᵢ.

    python examples/textbook/chapter5_pca.py               # the 150 iris flowers
    python examples/textbook/chapter5_pca.py --quick       # the same (it is fast)
    python examples/textbook/chapter5_pca.py --out figures # folder of the figure
"""

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from sklearn.datasets import load_iris

from sklnn.decomposition import PCA
from sklnn.plotting import plot_clusters_2d, plot_explained_variance, save_figure


def reconstruction_errors(X):
    """One row per k: the mean squared reconstruction error and the discarded eigenvalues."""
    eigenvalues = PCA().fit(X).explained_variance_
    n_samples, rows = len(X), []
    for k in range(1, X.shape[1] + 1):
        pca = PCA(n_components=k).fit(X)
        squared_errors = ((X - pca.inverse_transform(pca.transform(X))) ** 2).sum(axis=1)
        rows.append({
            "k": k,
            "mean squared error": squared_errors.mean(),
            "Σ discarded λ": eigenvalues[k:].sum(),
            "(n-1)/n Σ discarded λ": (n_samples - 1) / n_samples * eigenvalues[k:].sum(),
        })
    return eigenvalues, pd.DataFrame(rows)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the same run (it is fast)")
    parser.add_argument("--out", type=Path, default=Path("examples_output/textbook/chapter5"),
                        help="folder of the PNG figure (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    iris = load_iris()
    eigenvalues, table = reconstruction_errors(iris.data)
    print(f"§5.1, Iris: eigenvalues λ = {eigenvalues.round(4)}")
    print(table.to_string(index=False, float_format="{:.5f}".format))
    pca = PCA(n_components=2).fit(iris.data)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained")
    species = iris.target_names[iris.target]
    plot_clusters_2d(pca.transform(iris.data), species, ax=axes[0], kind="",
                     title="Figure 5.2: Iris on the first two components")
    axes[0].set(xlabel="y₁ (first component)", ylabel="y₂ (second component)")
    plot_explained_variance(PCA().fit(iris.data), ax=axes[1])
    save_figure(fig, args.out / "figure_5_2_pca_iris.png")
    print(f"figure in {args.out}")
    return table


if __name__ == "__main__":
    main()
