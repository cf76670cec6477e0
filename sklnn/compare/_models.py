"""The models a comparison can run: key → class, library, family, task and options.

Each sklnn model sits beside its scikit-learn counterpart, built with the same options
(budget, stopping rule, hyperparameters: :func:`training_protocol`, :data:`PROTOCOL`) so that
the comparison is like with like. Classical models that depend on the scale of
the features run inside ``Pipeline(StandardScaler(), model)``, as is the sensible practice;
the neural regressors also standardize the target (``TransformedTargetRegressor``). Each
registry entry names its estimator's class, module and options; the class is imported when the
model is built, so torch loads only when a neural model is built.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.neighbors import NearestNeighbors
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from ._errors import UsageError

# The training protocol: each sklnn model and its scikit-learn counterpart get the same
# options, with the same meaning (see ``training_protocol``). The neural models train with
# Adam on mini-batches of 64 within a budget of epochs, and stop once the training loss has
# not improved by TOL for more than N_ITER_NO_CHANGE epochs in a row, which sklnn's and
# scikit-learn's MLPs implement alike. No early stopping on a validation split: on small data
# sets (iris, wine, moons) 10 % is a dozen samples, whose score stalls within a few epochs and
# stopped both MLPs far too soon. Full runs keep the default comparison (digits, 5-fold CV,
# every model) to about a minute on 2 busy CPU cores; quick runs are for tests.
MLP_EPOCHS = {"full": 100, "quick": 5}
CNN_EPOCHS = {"full": 30, "quick": 2}
MLP_HIDDEN_LAYER_SIZES = (100,)
BATCH_SIZE = 64
LEARNING_RATE = 1e-3
TOL = 1e-4
N_ITER_NO_CHANGE = 10
ALPHA = 1e-4

# Iterations of the (L2-penalized, C=1) logistic and softmax regressions' lbfgs
# solver, and the epochs of the perceptrons.
LINEAR_MAX_ITER = 1000
PERCEPTRON_MAX_ITER = 1000

# KMeans: restarts and Lloyd iterations of each.
KMEANS_N_INIT = 10
KMEANS_MAX_ITER = 300

# DBSCAN's neighbourhood: min_samples (minPts) as scikit-learn's default, eps read off the
# k-distance curve of the standardized data (the distance to the min_samples-th neighbour
# that 90 % of the samples reach), a common rule of thumb for picking eps.
DBSCAN_MIN_SAMPLES = 5
DBSCAN_EPS_QUANTILE = 0.9
DBSCAN_EPS_RULE = (
    f"the distance to the {DBSCAN_MIN_SAMPLES}th neighbour that "
    f"{DBSCAN_EPS_QUANTILE:.0%} of the samples reach"
)

# PCA keeps half the features, at most this many components.
MAX_PCA_COMPONENTS = 10


@dataclass(frozen=True)
class ModelSettings:
    """What the model factories need to know about the run and the data.

    Attributes
    ----------
    seed : int
        The ``random_state`` of every model.
    device : str
        The torch device of the neural models ('auto', 'cpu', 'cuda', 'cuda:N').
    quick : bool
        Train the neural models for a few epochs only.
    image_shape : tuple of int or None
        The shape of one image, or None when the samples are not images.
    n_classes : int or None
        The number of classes (the number of clusters KMeans looks for).
    n_components : int
        The number of principal components PCA keeps.
    dbscan_eps : float
        DBSCAN's neighbourhood radius on the standardized data.
    pixel_scale : float
        The largest pixel value, which the CNN's input is divided by.
    """

    seed: int = 0
    device: str = "auto"
    quick: bool = False
    image_shape: tuple | None = None
    n_classes: int | None = None
    n_components: int = 2
    dbscan_eps: float = 0.5
    pixel_scale: float = 1.0

    @property
    def mode(self):
        """'quick' or 'full': the key of the epoch tables."""
        return "quick" if self.quick else "full"


def make_settings(data, *, seed=0, device="auto", quick=False):
    """Gather the :class:`ModelSettings` of a comparison on ``data``.

    Parameters
    ----------
    data : ComparisonData
        The comparison's data set.
    seed : int, default=0
        The models' ``random_state``.
    device : str, default='auto'
        The neural models' torch device.
    quick : bool, default=False
        Train the neural models for a few epochs only.

    Returns
    -------
    settings : ModelSettings
    """
    n_features = data.X.shape[1]
    return ModelSettings(
        seed=seed,
        device=device,
        quick=quick,
        image_shape=data.image_shape,
        n_classes=data.n_classes,
        n_components=max(1, min(MAX_PCA_COMPONENTS, n_features // 2)),
        dbscan_eps=_dbscan_eps(data.X) if data.task == "clustering" else 0.5,
        pixel_scale=float(np.max(data.X)) or 1.0,
    )


def _dbscan_eps(X):
    """eps from the k-distance curve of the standardized samples (no labels involved).

    On a data set of ``DBSCAN_MIN_SAMPLES`` samples or fewer, the distance to the farthest.
    """
    Z = StandardScaler().fit_transform(X)
    n_neighbors = min(DBSCAN_MIN_SAMPLES, len(Z) - 1)
    distances, _ = NearestNeighbors(n_neighbors=n_neighbors).fit(Z).kneighbors()
    return float(np.quantile(distances[:, -1], DBSCAN_EPS_QUANTILE))


#: The comparison protocol, which the report states before the models' settings.
PROTOCOL = (
    "Each sklnn model and its scikit-learn counterpart get the same options (the same "
    "budget and the same stopping rule, with the same meaning)"
)


def describe_settings(settings, task):
    """One sentence on the protocol and how the models of ``task`` are set up, for the report.

    Parameters
    ----------
    settings : ModelSettings
        The run's settings.
    task : str
        The comparison's task.

    Returns
    -------
    sentence : str
        :data:`PROTOCOL`, then the settings.
    """
    return f"{PROTOCOL}: {_describe_options(settings, task)}"


def _describe_options(settings, task):
    """The models' settings for ``task``."""
    if task == "clustering":
        return (
            f"standardized features; KMeans with k = {settings.n_classes} (the number of "
            f"classes), n_init={KMEANS_N_INIT}; DBSCAN with "
            f"min_samples={DBSCAN_MIN_SAMPLES} and eps={settings.dbscan_eps:.3g}, "
            f"{DBSCAN_EPS_RULE}"
        )
    if task == "decomposition":
        inputs = "raw pixels" if settings.image_shape is not None else "standardized features"
        return f"{settings.n_components} components (half the features, at most 10), {inputs}"
    sentence = (
        f"standardized features; MLPs with hidden layers {MLP_HIDDEN_LAYER_SIZES}, Adam "
        f"(learning rate {LEARNING_RATE:g}), mini-batches of {BATCH_SIZE}, at most "
        f"{MLP_EPOCHS[settings.mode]} epochs, stopping once the training loss has not "
        f"improved by tol={TOL:g} for more than n_iter_no_change={N_ITER_NO_CHANGE} epochs "
        f"(no early stopping on a validation split)"
    )
    if task == "regression":
        return sentence + ", on a standardized target"
    if settings.n_classes == 2:
        sentence += (
            "; Perceptron (sklnn) is the textbook's sigmoid neuron (gradient descent on the "
            "cross-entropy, until its gradient is below tol), Perceptron (sklearn) "
            "Rosenblatt's perceptron rule: the same budget of epochs, each its own stopping rule"
        )
    if settings.image_shape is not None:
        sentence += (
            f"; LipschitzCNN at most {CNN_EPOCHS[settings.mode]} epochs, same stopping rule, "
            f"pixels divided by {settings.pixel_scale:g}"
        )
    return sentence


def _scaled(estimator, settings):
    """``Pipeline(StandardScaler(), estimator)``."""
    return make_pipeline(StandardScaler(), estimator)


def _scaled_target(estimator, settings):
    """Standardize features and target around a regressor."""
    return TransformedTargetRegressor(
        regressor=_scaled(estimator, settings), transformer=StandardScaler()
    )


def _bare(estimator, settings):
    """The estimator alone (ordinary least squares does not depend on the features' scale)."""
    return estimator


def _pixels(X, scale):
    """Pixels divided by ``scale``, in float32, the precision convolutional networks train in
    (a network computes in the dtype of its input; float64 convolutions take several times
    longer). A picklable function for ``FunctionTransformer``."""
    return (X / scale).astype(np.float32)


def _scaled_pixels(estimator, settings):
    """Divide the pixels by the largest value before the network."""
    scale = FunctionTransformer(_pixels, kw_args={"scale": settings.pixel_scale})
    return make_pipeline(scale, estimator)


def _pca_pipeline(pca, settings):
    """PCA on raw pixels for images (reconstructions stay pictures), standardized otherwise."""
    return pca if settings.image_shape is not None else _scaled(pca, settings)


def _linear_options(settings):
    """The logistic and softmax regressions' lbfgs budget and tolerance."""
    return dict(max_iter=LINEAR_MAX_ITER, tol=TOL, random_state=settings.seed)


def _perceptron_options(settings):
    """The perceptrons' budget of epochs (each stops on its own rule: they differ)."""
    return dict(max_iter=PERCEPTRON_MAX_ITER, random_state=settings.seed)


def _training_options(settings, epochs):
    """The neural models' budget and stopping rule, sklnn's and scikit-learn's alike."""
    return dict(
        batch_size=BATCH_SIZE,
        learning_rate_init=LEARNING_RATE,
        max_iter=epochs[settings.mode],
        early_stopping=False,
        tol=TOL,
        n_iter_no_change=N_ITER_NO_CHANGE,
        random_state=settings.seed,
    )


def _mlp_options(settings):
    """The MLPs' architecture, penalty, budget and stopping rule."""
    return dict(
        hidden_layer_sizes=MLP_HIDDEN_LAYER_SIZES,
        alpha=ALPHA,
        **_training_options(settings, MLP_EPOCHS),
    )


def _cnn_options(settings):
    """The CNN's input shape, and the budget and stopping rule of the MLPs."""
    return dict(image_shape=settings.image_shape, **_training_options(settings, CNN_EPOCHS))


def _kmeans_options(settings):
    """KMeans' number of clusters, restarts and iterations."""
    return dict(
        n_clusters=settings.n_classes,
        n_init=KMEANS_N_INIT,
        max_iter=KMEANS_MAX_ITER,
        tol=TOL,
        random_state=settings.seed,
    )


def _dbscan_options(settings):
    """DBSCAN's neighbourhood."""
    return dict(eps=settings.dbscan_eps, min_samples=DBSCAN_MIN_SAMPLES)


def _pca_options(settings):
    """PCA's number of components."""
    return dict(n_components=settings.n_components, random_state=settings.seed)


def _no_options(settings):
    """No shared option: the model has no budget, stopping rule or hyperparameter to set."""
    return {}


@dataclass(frozen=True)
class ModelSpec:
    """One entry of the model registry.

    Attributes
    ----------
    key : str
        What ``--models`` names it by.
    name : str
        The estimator's class name.
    library : {'sklnn', 'sklearn'}
        The package the estimator comes from.
    module : str
        The subpackage that holds the class, e.g. 'linear_model' (the same in both).
    family : {'classical', 'neural'}
        Classical (closed form / iterative optimization) or neural network.
    task : str
        The task it serves.
    options : callable
        ``options(settings)`` returns the parameters of the estimator (its budget, stopping
        rule and hyperparameters), the same as its counterpart's; see
        :func:`training_protocol`.
    wrap : callable, default=_scaled
        ``wrap(estimator, settings)`` returns what is cross-validated: the estimator in its
        preprocessing pipeline.
    needs : {None, 'binary', 'images'}, default=None
        A requirement on the data: binary labels, or image samples.
    variant : str or None, default=None
        What sets the model apart from another of the same name, shown in its display name.
    """

    key: str
    name: str
    library: str
    module: str
    family: str
    task: str
    options: Callable
    wrap: Callable = _scaled
    needs: str | None = None
    variant: str | None = None

    @property
    def display_name(self):
        """The name in tables and figures, e.g. 'KMeans (sklearn)'."""
        qualifiers = ", ".join(filter(None, (self.library, self.variant)))
        return f"{self.name} ({qualifiers})"

    def build(self, settings):
        """A fresh, unfitted estimator for a run with ``settings``.

        The class is imported only now, so torch loads only when a neural model is built;
        sklnn's neural models also get the run's device.
        """
        estimator_class = getattr(
            importlib.import_module(f"{self.library}.{self.module}"), self.name
        )
        options = self.options(settings)
        if self.library == "sklnn" and self.family == "neural":
            options["device"] = settings.device
        return self.wrap(estimator_class(**options), settings)

    def unfit_reason(self, data):
        """Why the model cannot run on ``data``, or None when it can."""
        if self.task != data.task:
            return f"model {self.key!r} is for {self.task}, not {data.task}"
        if self.needs == "binary" and data.n_classes != 2:
            return f"model {self.key!r} needs two classes; {data.name!r} has {data.n_classes}"
        if self.needs == "images" and data.image_shape is None:
            return f"model {self.key!r} needs image data; {data.name!r} is not images"
        return None


_SPECS = (
    ModelSpec(
        "softmax", "SoftmaxReg", "sklnn", "linear_model", "classical", "classification",
        _linear_options,
    ),
    ModelSpec(
        "sk-logistic", "LogisticRegression", "sklearn", "linear_model", "classical",
        "classification", _linear_options,
    ),
    ModelSpec(
        "logreg", "LogRegression", "sklnn", "linear_model", "classical", "classification",
        _linear_options, needs="binary",
    ),
    ModelSpec(
        "perceptron", "Perceptron", "sklnn", "linear_model", "classical", "classification",
        _perceptron_options, needs="binary", variant="sigmoid neuron",
    ),
    ModelSpec(
        "sk-perceptron", "Perceptron", "sklearn", "linear_model", "classical",
        "classification", _perceptron_options, needs="binary", variant="perceptron rule",
    ),
    ModelSpec(
        "mlp", "MLPClassifier", "sklnn", "neural_network", "neural", "classification",
        _mlp_options,
    ),
    ModelSpec(
        "sk-mlp", "MLPClassifier", "sklearn", "neural_network", "neural", "classification",
        _mlp_options,
    ),
    ModelSpec(
        "cnn", "LipschitzCNN", "sklnn", "neural_network", "neural", "classification",
        _cnn_options, _scaled_pixels, needs="images",
    ),
    ModelSpec(
        "linear", "LinearRegression", "sklnn", "linear_model", "classical", "regression",
        _no_options, _bare,
    ),
    ModelSpec(
        "sk-linear", "LinearRegression", "sklearn", "linear_model", "classical",
        "regression", _no_options, _bare,
    ),
    ModelSpec(
        "mlp-reg", "MLPRegressor", "sklnn", "neural_network", "neural", "regression",
        _mlp_options, _scaled_target,
    ),
    ModelSpec(
        "sk-mlp-reg", "MLPRegressor", "sklearn", "neural_network", "neural", "regression",
        _mlp_options, _scaled_target,
    ),
    ModelSpec(
        "kmeans", "KMeans", "sklnn", "cluster", "classical", "clustering", _kmeans_options
    ),
    ModelSpec(
        "sk-kmeans", "KMeans", "sklearn", "cluster", "classical", "clustering",
        _kmeans_options,
    ),
    ModelSpec(
        "dbscan", "DBSCAN", "sklnn", "cluster", "classical", "clustering", _dbscan_options
    ),
    ModelSpec(
        "sk-dbscan", "DBSCAN", "sklearn", "cluster", "classical", "clustering",
        _dbscan_options,
    ),
    ModelSpec(
        "pca", "PCA", "sklnn", "decomposition", "classical", "decomposition", _pca_options,
        _pca_pipeline,
    ),
    ModelSpec(
        "sk-pca", "PCA", "sklearn", "decomposition", "classical", "decomposition",
        _pca_options, _pca_pipeline,
    ),
)

#: The model registry, in the order tables and figures show the models.
MODELS = {spec.key: spec for spec in _SPECS}

#: Each sklnn model beside its scikit-learn counterpart (the CNN has none).
COUNTERPARTS = (
    ("softmax", "sk-logistic"),
    ("logreg", "sk-logistic"),
    ("perceptron", "sk-perceptron"),
    ("mlp", "sk-mlp"),
    ("linear", "sk-linear"),
    ("mlp-reg", "sk-mlp-reg"),
    ("kmeans", "sk-kmeans"),
    ("dbscan", "sk-dbscan"),
    ("pca", "sk-pca"),
)


def training_protocol(settings):
    """The options each sklnn model and its scikit-learn counterpart are built with.

    Parameters
    ----------
    settings : ModelSettings
        The run's settings.

    Returns
    -------
    protocol : dict
        ``{(sklnn_key, sklearn_key): (sklnn_options, sklearn_options)}``, the parameters
        (budget, stopping rule, hyperparameters) each model proper of the pair gets; the
        two are the same. See :data:`PROTOCOL`.
    """
    return {
        pair: tuple(MODELS[key].options(settings) for key in pair) for pair in COUNTERPARTS
    }


def select_models(keys, data):
    """The registry entries a comparison on ``data`` runs.

    Parameters
    ----------
    keys : list of str or None
        Model keys; None selects every model that fits the data's task (and its labels or
        images), each sklnn model beside its scikit-learn counterpart.
    data : ComparisonData
        The comparison's data set.

    Returns
    -------
    specs : list of ModelSpec
        In registry order.

    Raises
    ------
    UsageError
        For an unknown key, or a model that does not fit the task or the data.
    """
    fitting = [spec.key for spec in MODELS.values() if spec.unfit_reason(data) is None]
    if keys is None:
        return [MODELS[key] for key in fitting]
    choices = f"choose from {', '.join(fitting)}"
    for key in keys:
        if key not in MODELS:
            raise UsageError(f"unknown model {key!r}; {choices}")
        reason = MODELS[key].unfit_reason(data)
        if reason is not None:
            raise UsageError(f"{reason}; {choices}")
    if not keys:
        raise UsageError(f"no model given; {choices}")
    return [spec for spec in MODELS.values() if spec.key in keys]


def final_estimator(estimator):
    """The model inside the pipeline and target transformer that wrap it."""
    if isinstance(estimator, TransformedTargetRegressor):
        estimator = getattr(estimator, "regressor_", estimator.regressor)
    if isinstance(estimator, Pipeline):
        estimator = estimator[-1]
    return estimator


def model_input(estimator, X):
    """``X`` as the final model sees it: through the pipeline's preprocessing steps."""
    if isinstance(estimator, Pipeline):
        return estimator[:-1].transform(X)
    return X
