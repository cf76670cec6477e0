"""PCA on the 8x8 digits: explained variance, eigen-digits and reconstructions.

PCA finds the eigenvectors W of the pixels' covariance matrix (course textbook, §5.1.1,
Eq. 5.6); drawn as 8x8 images they are the 'eigen-digits'. Keeping the k of largest
eigenvalue and projecting, y = x W, then rebuilding, x̂ = Σᵢ₌₁ᵏ yᵢ Wᵢ (§5.1.2, Eq. 5.10),
loses exactly the variance along the dropped directions: the reconstruction error
E‖x − x̂‖² equals the sum of the discarded eigenvalues, Σᵢ₌ₖ₊₁ᵈ λᵢ (Eq. 5.11). The script
measures both for several k and prints them side by side.

    python examples/pca_eigendigits.py                # all 1 797 digits, k up to 40
    python examples/pca_eigendigits.py --quick        # 500 digits, three values of k
    python examples/pca_eigendigits.py --out figures  # folder of the PNG figures
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from sklnn.datasets import load_dataset
from sklnn.decomposition import PCA
from sklnn.plotting import (
    plot_components,
    plot_explained_variance,
    plot_reconstruction,
    save_figure,
)


def reconstruction_error(pca, X):
    """Mean squared norm of x − x̂ over the samples of X.

    Divided by n − 1 rather than n, as the covariance whose eigenvalues it is compared to.
    """
    residuals = X - pca.inverse_transform(pca.transform(X))
    return float(np.sum(residuals**2) / (len(X) - 1))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer digits, for the tests")
    parser.add_argument("--out", type=Path, default=Path("examples_output/pca_eigendigits"),
                        help="folder of the PNG figures (created if needed)")
    return parser.parse_args(argv)


def main(argv=None):
    """Fit PCA for several k; print and return the reconstruction-error table."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    digits = load_dataset("digits", n_samples=500 if args.quick else None)
    X = digits.data
    n_kept = [2, 10, 30] if args.quick else [1, 2, 5, 10, 20, 30, 40]

    full = PCA().fit(X)  # every component: the whole spectrum of eigenvalues
    eigenvalues = full.explained_variance_
    save_figure(plot_explained_variance(full), args.out / "explained_variance.png")
    save_figure(plot_components(full, digits.image_shape, n_components=16),
                args.out / "eigendigits.png")

    rows = []
    for k in n_kept:
        pca = PCA(n_components=k).fit(X)
        rows.append({
            "k": k,
            "variance kept": pca.explained_variance_ratio_.sum(),
            "reconstruction error": reconstruction_error(pca, X),
            "sum of discarded eigenvalues": eigenvalues[k:].sum(),
        })
        save_figure(plot_reconstruction(pca, X, digits.image_shape, n_images=10),
                    args.out / f"reconstruction_k{k:02d}.png")
    table = pd.DataFrame(rows)
    print(f"PCA on {X.shape[0]} digits of {X.shape[1]} pixels; total variance "
          f"{eigenvalues.sum():.1f}")
    print(table.to_string(index=False, float_format="{:.3f}".format))
    print(f"figures in {args.out}")
    return table


if __name__ == "__main__":
    main()
