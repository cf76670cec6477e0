"""Classical sklnn estimators beside their scikit-learn counterparts.

Each pair is cross-validated (or, for the unsupervised models, fitted) on one of scikit-learn's
bundled data sets, and the script prints one table row per model: the score and the fit time.

    python examples/classical_vs_sklearn.py          # full run, a few seconds
    python examples/classical_vs_sklearn.py --quick  # what the tests run
"""

import argparse
import time

import numpy as np
from sklearn import cluster, decomposition, linear_model
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import sklnn
from sklnn.metrics import adjusted_rand_score


def _supervised_rows(quick):
    digits = load_digits(return_X_y=True)
    if quick:
        digits = digits[0][:400], digits[1][:400]
    yield "diabetes R2", load_diabetes(return_X_y=True), [
        ("sklnn LinearRegression", sklnn.LinearRegression()),
        ("sklearn LinearRegression", linear_model.LinearRegression()),
    ]
    yield "breast_cancer accuracy", load_breast_cancer(return_X_y=True), [
        ("sklnn LogRegression", make_pipeline(StandardScaler(), sklnn.LogRegression())),
        ("sklearn LogisticRegression", make_pipeline(StandardScaler(),
                                                     linear_model.LogisticRegression())),
    ]
    for name, data in [("iris accuracy", load_iris(return_X_y=True)),
                       ("digits accuracy", digits)]:
        yield name, data, [
            ("sklnn SoftmaxReg", make_pipeline(StandardScaler(), sklnn.SoftmaxReg())),
            ("sklearn LogisticRegression", make_pipeline(StandardScaler(),
                                                         linear_model.LogisticRegression())),
        ]


def _unsupervised_rows():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    yield "iris clustering ARI", (X, y), [
        ("sklnn KMeans", sklnn.KMeans(n_clusters=3, random_state=0)),
        ("sklearn KMeans", cluster.KMeans(n_clusters=3, random_state=0)),
        ("sklnn DBSCAN", sklnn.DBSCAN(eps=0.8, min_samples=5)),
        ("sklearn DBSCAN", cluster.DBSCAN(eps=0.8, min_samples=5)),
    ]


def _timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def run(quick=False):
    """Print the comparison table and return its rows as (task, model, score, seconds)."""
    rows = []
    for task, (X, y), models in _supervised_rows(quick):
        for name, model in models:
            scores, seconds = _timed(lambda m=model, X=X, y=y: cross_val_score(m, X, y, cv=5))
            rows.append((task, name, float(np.mean(scores)), seconds))
    for task, (X, y), models in _unsupervised_rows():
        for name, model in models:
            labels, seconds = _timed(lambda m=model, X=X: m.fit_predict(X))
            rows.append((task, name, adjusted_rand_score(y, labels), seconds))
    X = StandardScaler().fit_transform(load_digits().data)
    for name, model in [("sklnn PCA", sklnn.PCA(n_components=20)),
                        ("sklearn PCA", decomposition.PCA(n_components=20))]:
        _, seconds = _timed(lambda m=model: m.fit(X))
        rows.append(("digits PCA variance kept", name,
                     float(model.explained_variance_ratio_.sum()), seconds))
    print(f"{'task':26s} {'model':28s} {'score':>7s} {'time s':>7s}")
    for task, name, score, seconds in rows:
        print(f"{task:26s} {name:28s} {score:7.3f} {seconds:7.3f}")
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller data, for the tests")
    run(quick=parser.parse_args().quick)
