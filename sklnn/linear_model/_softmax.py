"""Multinomial logistic (softmax) regression (course textbook, §2.4)."""

from ._classifier import LOGISTIC_PARAMETERS_DOC, BaseLogisticRegression


class SoftmaxReg(BaseLogisticRegression):
    __doc__ = (
        """Softmax regression: multinomial logistic regression fitted by maximum likelihood.

    One weight vector per class; ``P(y = k | x) = softmax(z)ₖ = exp(zₖ) / Σⱼ exp(zⱼ)`` with
    ``zₖ = xᵀΦₖ + ϕ₀ₖ`` (course textbook, §2.4, Eq. 2.65), computed after subtracting the
    row maximum of ``z`` so that ``exp`` never overflows. The parameters maximize the
    log-likelihood (Eq. 2.66-2.69) minus a penalty, i.e. minimize scikit-learn's
    multinomial ``LogisticRegression`` objective

        C Σᵢ sᵢ [log Σⱼ exp(zᵢⱼ) - zᵢ,yᵢ] + (1 - ρ) ½‖Φ‖² + ρ ‖Φ‖₁,

    ``sᵢ`` the sample weights and ``ρ = l1_ratio``: it takes that class's parameters with
    their meaning. The softmax does not change when one vector is added to every class's
    parameters (the textbook's derivation has ``k - 1`` free vectors, Eq. 2.64), so, as
    scikit-learn, the unpenalized parameters (the intercepts; all of them when
    ``C=np.inf``) are returned centered, summing to zero over the classes.

    With two classes the model is the one of scikit-learn's ``LogisticRegression``, one
    weight vector (``coef_`` of shape (1, n_features)) scoring the log-odds of
    ``classes_[1]``: the textbook's softmax with ``k = 2`` is the sigmoid of §2.2, and a
    scikit-learn user expects the binary model's attributes. It is then the model of
    LogRegression.

    ``solver='gd'`` is the textbook's full-batch gradient ascent (Eq. 2.81-2.85, Code 2.5)
    on centered features; 'lbfgs', 'newton-cg' and 'newton-cholesky' minimize the same
    objective in far fewer iterations, and 'fista' handles the L1 and elastic-net
    penalties.
"""
        + LOGISTIC_PARAMETERS_DOC
        + """
    See Also
    --------
    LogRegression : Binary logistic regression, one weight vector.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklnn.linear_model import SoftmaxReg
    >>> X, y = load_iris(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> model = SoftmaxReg().fit(X, y)
    >>> model.coef_.shape, model.intercept_.shape
    ((3, 4), (3,))
    >>> print(model.predict_proba(X[:1]).sum().round(6))
    1.0
    >>> print(f"{model.score(X, y):.2f}")
    0.97
    """
    )
