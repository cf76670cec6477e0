"""Docstring sections shared by sklnn's neural estimators, filled in by :func:`document`."""

import inspect
import re

TRAINING_PARAMETERS = """
    alpha : float, default={default:alpha}
        Strength of the L2 penalty ``alpha · ½ Σ_l ‖W_l‖²_F`` on the weight matrices and
        convolution kernels (not the biases), added to the mean loss of each mini-batch; not
        divided by the batch size, so its gradient is SGD's weight decay ``alpha · W``.
        scikit-learn's MLP divides its penalty by the batch size (and halves the squared
        error): its ``alpha=a`` is ``a / batch_size`` here for classification,
        ``2a / batch_size`` for regression.
    l1 : float, default={default:l1}
        Strength of the L1 penalty ``l1 · Σ_l Σ_ij |W_l,ij|`` on the same weights.
    lba_strength : float, default={default:lba_strength}
        Strength of the Lipschitz-bound (LBA) penalty ``lba_strength · σ(W_a) · ½‖W_a‖²_F``
        on one dense or convolution layer a, drawn uniformly at random with the estimator's
        random state; σ(W_a) is the layer's spectral norm (a convolution's operator norm on
        the inputs it receives), estimated by one warm-started power iteration per step and
        detached, so the penalty is a weight decay whose coefficient is the layer's own
        Lipschitz constant (talk ``seeds/000_5952624a66961393.txt``, "Idea del método":
        L_r = L(θ) + LB(a)‖θ(a)‖²; DESIGN.md, "LipschitzCNN and LBA regularization"; see
        :class:`sklnn.lipschitz.LBAPenalty`). The default 0.01 was chosen by measurement
        (MNIST sample, 4 000 training / 1 000 test images, Adam 1e-3, batches of 64, 30
        epochs, mean of 2 seeds): for ``MLPClassifier(hidden_layer_sizes=(256, 256))``,
        0.01 keeps the test accuracy of the unregularized network (0.936 against 0.933),
        lowers its Lipschitz bound from 52 to 9 and raises its FGSM accuracy at ε = 0.05
        from 0.49 to 0.80, while 0.1 underfits (test accuracy 0.86) and 1 does not learn
        (0.22); for ``LipschitzCNN(channels=16, stem_stride=2)``, 0.01 keeps the test
        accuracy (0.967 against 0.969; bound 353 → 85), 0.1 and 1 lower it (0.948, 0.863).
        DESIGN.md's probe found 0.1 best for a narrower residual MLP (width 50): the best
        strength falls as layers widen. ``examples/lipschitz_regularization.py`` compares
        LBA with L2, L1 and dropout.
    lba_resample : {'step', 'epoch'}, default={default:lba_resample}
        Draw a new LBA layer a at every training step, or once per epoch.
    regularization : {'auto', None, 'l2', 'l1', 'dropout', 'lba'}, \
default={default:regularization}
        Which regularization trains the network. ``'auto'`` applies every one of L2
        (``alpha``), L1 (``l1``) and dropout (``dropout``) whose strength is non-zero (never
        LBA); ``None`` applies none of them; a name applies that one alone, with its
        strength (which must then be positive). A grid search over ``regularization`` thus
        compares the techniques one at a time, each at the strength set on the estimator.
    optimizer : {'sgd', 'momentum', 'nesterov', 'adagrad', 'adadelta', 'rmsprop', 'adam', \
'adamw'}, default={default:optimizer}
        The torch optimizer (textbook §3.9): plain mini-batch SGD, SGD with (Nesterov)
        momentum ``momentum``, or an adaptive method with torch's defaults. ``'adamw'`` is
        ``torch.optim.AdamW``, with its own decoupled weight decay 0.01 besides ``alpha``.
        Adadelta is usually run with ``learning_rate_init=1.0``.
    learning_rate_init : float, default={default:learning_rate_init}
        Initial learning rate η₀.
    momentum : float in [0, 1), default={default:momentum}
        ρ of the momentum and Nesterov optimizers (textbook Eqs. 3.54-3.57).
    lr_schedule : {'constant', 'linear', 'exponential', 'step', 'cosine', 'plateau'}, \
default={default:lr_schedule}
        Learning rate per epoch t (from 0), with T = ``max_epochs - 1``:
        ``'linear'`` η₀ - t·(η₀ - η_f)/T (η_f = ``lr_end_factor``·η₀, student report
        001 Eq. 9); ``'exponential'`` η₀·γᵗ (Eq. 10, γ = ``lr_decay``); ``'step'``
        η₀·γ^⌊t / ``lr_step_size``⌋; ``'cosine'`` η_f + (η₀ - η_f)(1 + cos(πt/T))/2;
        ``'plateau'`` multiplies by γ after ``lr_step_size`` epochs without an improvement
        larger than ``tol`` of the validation loss (training loss without early stopping).
    lr_decay : float in (0, 1), default={default:lr_decay}
        γ of the exponential, step and plateau schedules.
    lr_step_size : int, default={default:lr_step_size}
        Epochs between two decays (``'step'``), or without improvement before a decay
        (``'plateau'``).
    lr_end_factor : float in [0, 1], default={default:lr_end_factor}
        Final learning rate of the linear and cosine schedules, as a fraction of η₀.
    batch_size : int or 'auto', default={default:batch_size}
        Samples per mini-batch; ``'auto'`` is ``min(200, n_samples)``, as in scikit-learn.
    max_epochs : int, default={default:max_epochs}
        Passes over the training data (fewer with early stopping).
    early_stopping : bool, default={default:early_stopping}
        Hold out ``validation_fraction`` of the training data (stratified for classifiers),
        stop when the validation loss has not improved by more than ``tol`` for ``patience``
        epochs, and keep the weights of the best epoch. Without it, training runs
        ``max_epochs`` epochs.
    patience : int, default={default:patience}
        Epochs without improvement before early stopping.
    validation_fraction : float in (0, 1), default={default:validation_fraction}
        Share of the training data held out for early stopping.
    tol : float, default={default:tol}
        Smallest decrease of the monitored loss counted as an improvement.
    random_state : int, RandomState instance or None, default={default:random_state}
        Seeds the weight initialisation, the mini-batch order, dropout, the validation
        split and LBA's layer draws. The same value gives the same model on the CPU.
    device : str, default={default:device}
        ``'auto'`` (a CUDA GPU when torch sees one, else the CPU), ``'cpu'``, ``'cuda'`` or
        ``'cuda:N'``. The data go to the GPU whole when they fit, else batch by batch.
    verbose : {0, 1}, default={default:verbose}
        1 shows a progress bar over the epochs.
"""

ATTRIBUTES = """
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when ``X`` had string column names.
    net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : pandas.DataFrame
        One row per epoch: ``epoch``, ``train_loss`` (mean over the epoch's mini-batches of
        the objective minimised: data loss plus penalties, with dropout active),
        ``valid_loss`` and ``{valid_column}`` (with early stopping), ``lr`` (the learning
        rate of the epoch), ``dur`` (seconds) and, {bound_logging}, ``lipschitz_bound``:
        the network's Lipschitz bound at the end of the epoch, the same product of layer
        constants as ``lipschitz_bound_`` with the dense and convolution norms estimated by
        power iterations warm-started from the previous epoch
        (:class:`sklnn.lipschitz.PowerIterationBound`). Power iteration approaches each
        norm from below, so the column is an upper bound of the Lipschitz constant up to
        the accuracy of those iterations, and at most ``lipschitz_bound_`` for the same
        weights.
    loss_curve_ : list of float
        ``history_['train_loss']``.
    best_epoch_ : int
        With early stopping, the epoch (from 1) of the lowest validation loss, whose
        weights the model keeps; otherwise the epoch of the lowest training loss (the model
        keeps the last epoch's weights).
    n_iter_ : int
        Number of epochs run.
    lipschitz_bound_ : float
        Upper bound LB of the trained network's Lipschitz constant with respect to the
        Euclidean norms of the inputs and of the outputs (logits): ‖f(x) − f(x′)‖ ≤ LB ‖x −
        x′‖, the product of the layers' constants (talk ``seeds/000_5952624a66961393.txt``,
        "Core Idea": LB = ∏ σ(W⁽ⁱ⁾)). Computed once, at the end of fit, by
        :func:`sklnn.lipschitz.lipschitz_bound` (exact SVDs of dense layers, Lanczos
        operator norms of convolutions, the network in inference mode).
"""


def document(cls, architecture_parameters=""):
    """Fill the shared sections into the docstring of ``cls``.

    ``{architecture_parameters}``, ``{training_parameters}`` and ``{attributes}`` (each on
    a line of its own) become ``architecture_parameters``, :data:`TRAINING_PARAMETERS` and
    :data:`ATTRIBUTES`; ``{default:name}`` becomes the
    default value of the ``__init__`` parameter ``name``; ``{valid_column}`` the validation
    score's history column and ``{bound_logging}`` the class's ``_bound_logging_doc``.
    """
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(cls.__init__).parameters.items()
    }
    doc = cls.__doc__.replace("    {architecture_parameters}\n", architecture_parameters[1:])
    doc = doc.replace("    {training_parameters}\n", TRAINING_PARAMETERS[1:])
    doc = doc.replace("    {attributes}\n", ATTRIBUTES[1:])
    doc = doc.replace("{valid_column}", cls._valid_scoring[0])
    doc = doc.replace("{bound_logging}", cls._bound_logging_doc)
    cls.__doc__ = re.sub(r"\{default:(\w+)\}", lambda match: repr(defaults[match[1]]), doc)
    return cls
