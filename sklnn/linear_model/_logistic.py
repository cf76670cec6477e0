"""Binary logistic regression (course textbook, §2.2)."""

from ._classifier import BaseLogisticRegression


class LogRegression(BaseLogisticRegression):
    """Binary logistic regression fitted by maximum likelihood.

    The model is ``P(y = 1 | x) = σ(xᵀΦ + ϕ₀)``, σ the sigmoid (course textbook, §2.2,
    Eq. 2.22-2.24). ``Φ`` maximizes the log-likelihood (Eq. 2.32) minus an optional L2
    penalty, i.e. minimizes

        1/n Σᵢ [log(1 + exp(zᵢ)) - yᵢ zᵢ] + ‖Φ‖² / (2 C n),   zᵢ = xᵢᵀΦ + ϕ₀,

    which is scikit-learn's ``LogisticRegression`` objective for the same ``C``:
    ``LogRegression(C=C)`` and ``LogisticRegression(C=C)`` fit the same model, and
    ``LogRegression(penalty=None)`` matches ``LogisticRegression(C=np.inf)``.

    ``solver='gd'`` is the textbook's full-batch gradient ascent on the log-likelihood
    (Eq. 2.39, Code 2.3), ``Φ ← Φ + α/n Σᵢ (yᵢ - σ(zᵢ)) xᵢ`` (plus the penalty's
    gradient), on centered features; ``solver='lbfgs'`` minimizes the same objective
    with scipy's L-BFGS, which needs far fewer iterations.

    Parameters
    ----------
    solver : {'lbfgs', 'gd'}, default='lbfgs'
        Optimization algorithm.
    penalty : {'l2', None}, default='l2'
        Add the L2 penalty ``‖Φ‖² / (2 C n)`` to the mean negative log-likelihood (the
        intercept is not penalized), or not.
    C : float, default=1.0
        Inverse of the penalty strength, > 0 (``np.inf`` means no penalty).
    fit_intercept : bool, default=True
        Whether to fit the bias ``ϕ₀``.
    learning_rate : 'auto' or float, default='auto'
        Step size ``α`` of ``solver='gd'``. ``'auto'`` is ``1 / L`` with ``L`` the
        Lipschitz constant of the objective's gradient: ``¼ σ_max(X)² / n + 1 / (C n)``
        for the weights (``X`` centered) and ¼ for the intercept, a step that converges
        whatever the scale of the features.
    max_iter : int, default=100
        Maximum number of iterations of the solver.
    tol : float, default=1e-4
        Stop when every entry of the objective's gradient is at most ``tol`` in absolute
        value (L-BFGS's ``gtol``).

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two class labels; ``classes_[1]`` is the positive class.
    coef_ : ndarray of shape (1, n_features)
        Weights ``Φ``.
    intercept_ : ndarray of shape (1,)
        Bias ``ϕ₀`` (0 when ``fit_intercept=False``).
    n_iter_ : int
        Number of iterations run.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when ``X`` has string column names.

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
    """

    _multinomial = False

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags
