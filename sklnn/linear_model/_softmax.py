"""Multinomial logistic (softmax) regression (course textbook, §2.4)."""

from ._classifier import BaseLogisticRegression


class SoftmaxReg(BaseLogisticRegression):
    """Softmax regression: multinomial logistic regression fitted by maximum likelihood.

    One weight vector per class; ``P(y = k | x) = softmax(z)ₖ = exp(zₖ) / Σⱼ exp(zⱼ)`` with
    ``zₖ = xᵀΦₖ + ϕ₀ₖ`` (course textbook, §2.4, Eq. 2.65), computed after subtracting the
    row maximum of ``z`` so that ``exp`` never overflows. The parameters maximize the
    log-likelihood (Eq. 2.66-2.69) minus an optional L2 penalty, i.e. minimize

        1/n Σᵢ [log Σⱼ exp(zᵢⱼ) - zᵢ,yᵢ] + ‖Φ‖² / (2 C n),

    which is scikit-learn's multinomial ``LogisticRegression`` objective for the same
    ``C`` (``penalty=None`` matches ``LogisticRegression(C=np.inf)``).

    ``solver='gd'`` is the textbook's full-batch gradient ascent (Eq. 2.81-2.85, Code 2.5)
    on centered features; ``solver='lbfgs'`` minimizes the same objective with scipy's
    L-BFGS. Two classes work too (two weight vectors; ``decision_function`` then returns
    the log-odds ``z₁ - z₀``).

    Parameters
    ----------
    solver : {'lbfgs', 'gd'}, default='lbfgs'
        Optimization algorithm.
    penalty : {'l2', None}, default='l2'
        Add the L2 penalty ``‖Φ‖² / (2 C n)`` to the mean negative log-likelihood (the
        intercepts are not penalized), or not.
    C : float, default=1.0
        Inverse of the penalty strength, > 0 (``np.inf`` means no penalty).
    fit_intercept : bool, default=True
        Whether to fit one bias per class.
    learning_rate : 'auto' or float, default='auto'
        Step size of ``solver='gd'``. ``'auto'`` is ``1 / L`` with ``L`` the Lipschitz
        constant of the objective's gradient: ``½ σ_max(X)² / n + 1 / (C n)`` for the
        weights (``X`` centered) and ½ for the intercepts, a step that converges whatever
        the scale of the features.
    max_iter : int, default=100
        Maximum number of iterations of the solver.
    tol : float, default=1e-4
        Stop when every entry of the objective's gradient is at most ``tol`` in absolute
        value (L-BFGS's ``gtol``).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    coef_ : ndarray of shape (n_classes, n_features)
        One weight vector per class.
    intercept_ : ndarray of shape (n_classes,)
        One bias per class (0 when ``fit_intercept=False``).
    n_iter_ : int
        Number of iterations run.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when ``X`` has string column names.

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

    _multinomial = True
