"""Exceptions raised by sklnn, beside those of :mod:`sklearn.exceptions`."""


class NotSupportedError(ValueError):
    """A value that scikit-learn's counterpart accepts and sklnn does not implement.

    sklnn's estimators take scikit-learn's parameters with their meaning; where a value
    cannot be honoured (``LogRegression(solver='liblinear')``, say), sklnn refuses it with
    this error rather than accept it and do something else. The README's section "Coming
    from scikit-learn" lists every such value. A subclass of ``ValueError``, so code that
    catches scikit-learn's invalid-parameter errors catches it too.

    Examples
    --------
    >>> from sklnn.exceptions import NotSupportedError
    >>> issubclass(NotSupportedError, ValueError)
    True
    """
