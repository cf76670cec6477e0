"""Binary logistic regression (course textbook, §2.2)."""

from ._classifier import LOGISTIC_PARAMETERS_DOC, BaseLogisticRegression


class LogRegression(BaseLogisticRegression):
    __doc__ = (
        """Binary logistic regression fitted by maximum likelihood.

    The model is ``P(y = 1 | x) = σ(xᵀΦ + ϕ₀)``, σ the sigmoid (course textbook, §2.2,
    Eq. 2.22-2.24). ``Φ`` maximizes the log-likelihood (Eq. 2.32) minus a penalty, i.e.
    minimizes scikit-learn's ``LogisticRegression`` objective

        C Σᵢ sᵢ [log(1 + exp(zᵢ)) - yᵢ zᵢ] + (1 - ρ) ½‖Φ‖² + ρ ‖Φ‖₁,   zᵢ = xᵢᵀΦ + ϕ₀,

    ``sᵢ`` the sample weights and ``ρ = l1_ratio``: it takes that class's parameters with
    their meaning, and ``LogRegression(C=C)`` and ``LogisticRegression(C=C)`` fit the
    same model. The solvers minimize it divided by ``C Σ sᵢ``, a weighted mean loss (the
    same minimum).

    ``solver='gd'`` is the textbook's full-batch gradient ascent on the log-likelihood
    (Eq. 2.39, Code 2.3), ``Φ ← Φ + α Σᵢ sᵢ (yᵢ - σ(zᵢ)) xᵢ / Σᵢ sᵢ`` (plus the
    penalty's gradient), on centered features; 'lbfgs', 'newton-cg' and
    'newton-cholesky' minimize the same objective in far fewer iterations, and 'fista'
    handles the L1 and elastic-net penalties. It is binary only: SoftmaxReg is the
    multinomial model.
"""
        + LOGISTIC_PARAMETERS_DOC
        + """
    See Also
    --------
    SoftmaxReg : Multinomial logistic regression, for more than two classes.
    Perceptron : The same model as a sigmoid neuron, with a BCE or MSE loss.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklnn.linear_model import LogRegression
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> model = LogRegression().fit(X, y)
    >>> model.coef_.shape, model.predict_proba(X[:2]).shape
    ((1, 30), (2, 2))
    >>> print(f"{model.score(X, y):.2f}")
    0.99
    >>> lasso = LogRegression(solver="fista", l1_ratio=1, C=0.05, max_iter=1000).fit(X, y)
    >>> print(int((lasso.coef_ == 0).sum()), "of 30 weights are 0")
    25 of 30 weights are 0
    """
    )

    _binary_only = True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags
