"""Plumbing shared by the sklnn linear classifiers.

:class:`LinearClassifierMixin` gives the prediction methods of every linear classifier;
:class:`BaseLogisticRegression` the hyperparameters and ``fit`` that LogRegression
(binomial) and SoftmaxReg (multinomial) share.
"""

import numpy as np
from scipy.special import log_expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from sklnn.utils import check_number, check_option, encode_labels

from ._losses import log_softmax
from ._solvers import check_solver_params, fit_linear_model


def encode_targets(estimator, y, dtype, *, multinomial):
    """Encode class labels as the target matrix of a linear model.

    Returns ``classes_`` and ``Y``: a 0/1 column (``Y[:, 0] == 1`` for ``classes_[1]``)
    for a binary model, one-hot rows for a multinomial one.
    """
    classes, y_encoded = encode_labels(
        y, estimator_name=type(estimator).__name__, binary_only=not multinomial
    )
    if multinomial:
        return classes, np.eye(classes.shape[0], dtype=dtype)[y_encoded]
    return classes, y_encoded.astype(dtype)[:, np.newaxis]


class LinearClassifierMixin:
    """Prediction methods of a linear classifier with ``coef_`` and ``intercept_``.

    A binary model has one row in ``coef_``: its score is the log-odds of ``classes_[1]``
    and ``P(classes_[1] | x) = σ(score)``. A multinomial model has one row per class and
    ``P(class | x) = softmax(scores)``.
    """

    def _scores(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        return X @ self.coef_.T + self.intercept_

    def decision_function(self, X):
        """Confidence scores of the samples in ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            With two classes, the log-odds of ``classes_[1]`` (positive: ``classes_[1]``
            is predicted); otherwise the score of each class.
        """
        scores = self._scores(X)
        if scores.shape[1] == 1:
            return scores[:, 0]
        if scores.shape[1] == 2:
            return scores[:, 1] - scores[:, 0]
        return scores

    def predict(self, X):
        """Predict the class of the samples in ``X``, the most probable one.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels taken from ``classes_``.
        """
        scores = self.decision_function(X)
        indices = (scores > 0).astype(np.intp) if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes_[indices]

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities, computed without overflow.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        scores = self._scores(X)
        if scores.shape[1] == 1:
            return np.column_stack([log_expit(-scores[:, 0]), log_expit(scores[:, 0])])
        return log_softmax(scores)

    def predict_proba(self, X):
        """Class probabilities of the samples in ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``; each row sums to 1.
        """
        return np.exp(self.predict_log_proba(X))


class BaseLogisticRegression(LinearClassifierMixin, ClassifierMixin, BaseEstimator):
    """Maximum-likelihood logistic regression, binomial or multinomial.

    Subclasses set ``_multinomial``. See LogRegression and SoftmaxReg for the parameters.
    """

    _multinomial = False

    def __init__(
        self,
        *,
        solver="lbfgs",
        penalty="l2",
        C=1.0,
        fit_intercept=True,
        learning_rate="auto",
        max_iter=100,
        tol=1e-4,
    ):
        self.solver = solver
        self.penalty = penalty
        self.C = C
        self.fit_intercept = fit_intercept
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        """Fit the model by maximum likelihood.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels of any type.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        check_option(self.solver, "solver", ("lbfgs", "gd"))
        check_option(self.penalty, "penalty", ("l2", None))
        check_number(self.C, "C", low=0, closed="neither")
        check_option(self.fit_intercept, "fit_intercept", (True, False))
        check_solver_params(self.learning_rate, self.max_iter, self.tol)
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32])
        self.classes_, Y = encode_targets(self, y, X.dtype, multinomial=self._multinomial)
        l2 = 0.0 if self.penalty is None else 1.0 / (self.C * X.shape[0])
        self.coef_, self.intercept_, self.n_iter_ = fit_linear_model(
            X,
            Y,
            loss="multinomial" if self._multinomial else "binomial",
            solver=self.solver,
            l2=l2,
            fit_intercept=self.fit_intercept,
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            tol=self.tol,
        )
        return self
