"""Docstring sections shared by sklnn's neural estimators, filled in by :func:`document`."""

import inspect
import re

TRAINING_PARAMETERS = """
    solver : {'lbfgs', 'sgd', 'adam', 'adagrad', 'adadelta', 'rmsprop', 'adamw'}, \
default={default:solver}
        The solver for weight optimization (course textbook §3.9). ``'lbfgs'``: SciPy's
        L-BFGS-B quasi-Newton method on the full batch (``max_iter`` iterations, at most
        ``max_fun`` loss evaluations), often the best on small data sets; it cannot train
        with dropout, batch normalisation or LBA, which draw at random or normalise
        mini-batches. The others are torch's stochastic optimizers on mini-batches:
        ``'sgd'`` with ``momentum`` and ``nesterovs_momentum`` (plain SGD with
        ``momentum=0``), ``'adam'`` and ``'adamw'`` (``torch.optim.AdamW``, with its own
        decoupled weight decay 0.01 besides ``alpha``) with ``beta_1``, ``beta_2`` and
        ``epsilon``; ``'adagrad'``, ``'adadelta'`` (usually run with
        ``learning_rate_init=1.0``) and ``'rmsprop'`` with torch's defaults. (sklnn's
        former ``optimizer='momentum'`` and ``'nesterov'`` are ``solver='sgd'`` with
        ``nesterovs_momentum=False`` and ``True``; plain SGD is ``momentum=0``.)
    alpha : float, default={default:alpha}
        Strength of the L2 penalty, as scikit-learn's: ``alpha · ½ Σ_l ‖W_l‖²_F`` on the
        weight matrices and convolution kernels (not the biases) divided by the
        mini-batch's number of samples m (the sum of their weights; the training set's
        with ``'lbfgs'``), added to its mean loss: student report 001's
        ``λ/(2m) Σ_l ‖W^(l)‖²`` with λ = ``alpha``, torch's ``weight_decay = alpha / m``.
    batch_size : int or 'auto', default={default:batch_size}
        Samples per mini-batch of the stochastic solvers; ``'auto'`` is
        ``min(200, n_samples)``; a larger value is clipped to the number of samples (with
        a warning). ``'lbfgs'`` uses the full batch.
    learning_rate : {'constant', 'invscaling', 'adaptive', 'linear', 'exponential', \
'step', 'cosine'}, default={default:learning_rate}
        Learning-rate schedule of the stochastic solvers, η₀ = ``learning_rate_init``:
        ``'constant'`` η₀; ``'invscaling'`` η₀ / (n + 1)^``power_t`` from the epoch after n
        samples seen (``t_``); ``'adaptive'`` η₀, divided by 5 each time more than
        ``n_iter_no_change`` epochs in a row fail to improve by ``tol`` (the training loss,
        or the validation score with early stopping), until it falls to 1e-6, when training
        stops; and the course material's (student report 001), with t the epoch (from 0)
        and T = ``max_iter - 1``: ``'linear'`` η₀ - t·(η₀ - η_f)/T (η_f =
        ``lr_end_factor``·η₀, Eq. 9), ``'exponential'`` η₀·γᵗ (Eq. 10, γ = ``lr_decay``),
        ``'step'`` η₀·γ^⌊t / ``lr_step_size``⌋, ``'cosine'`` η_f + (η₀ - η_f)(1 +
        cos(πt/T))/2. scikit-learn applies its three schedules with ``'sgd'`` only; sklnn
        applies every schedule to every stochastic solver.
    learning_rate_init : float, default={default:learning_rate_init}
        Initial learning rate η₀ of the stochastic solvers.
    power_t : float, default={default:power_t}
        Exponent of the ``'invscaling'`` schedule.
    max_iter : int, default={default:max_iter}
        Most epochs of the stochastic solvers (passes over the data), most iterations of
        ``'lbfgs'``. Reaching it without converging warns (``ConvergenceWarning``).
    shuffle : bool, default={default:shuffle}
        Draw the mini-batches in a new random order at each epoch.
    random_state : int, RandomState instance or None, default={default:random_state}
        Seeds the weight initialisation, the mini-batch order, dropout, the validation
        split and LBA's layer draws. The same value gives the same model on the CPU.
    tol : float, default={default:tol}
        Smallest improvement of the training loss (or of the validation score with early
        stopping) that counts, for the stochastic solvers; ``'lbfgs'`` stops when the
        largest gradient component falls to ``tol``.
    verbose : bool or int, default={default:verbose}
        Print the loss of each epoch (and the validation score), as scikit-learn.
    warm_start : bool, default={default:warm_start}
        ``fit`` continues from the previous fit's weights (with a new optimizer, and the
        same classes) instead of starting again.
    momentum : float in [0, 1], default={default:momentum}
        Momentum ρ of ``'sgd'`` (textbook Eqs. 3.54-3.55).
    nesterovs_momentum : bool, default={default:nesterovs_momentum}
        Nesterov's momentum for ``'sgd'`` when ``momentum > 0`` (textbook Eqs. 3.56-3.57).
    early_stopping : bool, default={default:early_stopping}
        Hold out ``validation_fraction`` of the training data (stratified, except for
        multilabel targets), stop when the validation score (accuracy for classifiers,
        R² for regressors) has not improved by ``tol`` for more than ``n_iter_no_change``
        epochs, and keep the weights of the best score. Without it, training stops when the
        training loss has not improved by ``tol`` for more than ``n_iter_no_change``
        epochs. Stochastic solvers only (as in scikit-learn, ``'lbfgs'`` does not hold data
        out); ``partial_fit`` is not available with it.
    monitor_validation : bool, default={default:monitor_validation}
        Learning curves without early stopping (an sklnn extra): hold out
        ``validation_fraction`` of the training data as ``early_stopping`` does, and after
        each epoch record in ``history_`` the loss and {score_name} of the validation set
        (``valid_loss``, ``{valid_column}``, and ``validation_scores_``) and of the training
        set (``train_data_loss``, ``{train_column}``), without stopping on them: training
        stops as it would without early stopping, on the training loss, and keeps the last
        epoch's weights. The training set's evaluation costs one more forward pass over it
        per epoch. With ``early_stopping=True`` too, the training set's columns are added to
        early stopping's. Stochastic solvers only (``'lbfgs'`` runs no epochs: an error);
        ``partial_fit`` is not available with it.
    validation_fraction : float in [0, 1), default={default:validation_fraction}
        Share of the training data held out for ``early_stopping`` or
        ``monitor_validation`` (at least 2 samples); unused without them.
    beta_1 : float in [0, 1), default={default:beta_1}
        Decay of Adam's first-moment estimate (``'adam'``, ``'adamw'``; textbook Eq. 3.61).
    beta_2 : float in [0, 1), default={default:beta_2}
        Decay of Adam's second-moment estimate (``'adam'``, ``'adamw'``; Eq. 3.62).
    epsilon : float, default={default:epsilon}
        Adam's numerical-stability term (``'adam'``, ``'adamw'``; Eq. 3.64).
    n_iter_no_change : int or np.inf, default={default:n_iter_no_change}
        Training stops (or the ``'adaptive'`` rate is lowered) after more than this many
        epochs in a row without an improvement of ``tol``; ``np.inf`` never stops early.
    max_fun : int, default={default:max_fun}
        Most loss evaluations of ``'lbfgs'``.
    dropout : float in [0, 1), default={default:dropout}
        Probability of zeroing each hidden unit during training (never at prediction),
        when ``regularization`` is ``'dropout'`` (or ``'auto'``).
    l1 : float, default={default:l1}
        Strength of the L1 penalty ``l1 · Σ_l Σ_ij |W_l,ij|`` on the same weights as
        ``alpha``, added to each mini-batch's mean loss (not divided by its size).
    lba_strength : float, default={default:lba_strength}
        Strength of the Lipschitz-bound (LBA) penalty ``lba_strength · σ(W_a) · ‖W_a‖²_F``
        on one dense or convolution layer a, drawn uniformly at random (from the pool
        ``lba_layers``) with the estimator's random state, added to each mini-batch's mean
        loss; σ(W_a) is the layer's spectral norm (a convolution's operator norm on the
        inputs it receives), estimated by one warm-started power iteration per step and
        detached, so the penalty is a weight decay (gradient ``2 · lba_strength · σ(W_a) ·
        W_a``) whose coefficient is the layer's own Lipschitz constant. ``lba_strength=1``
        is the talk's formula exactly (``seeds/000_5952624a66961393.txt``, "Idea del
        método": L_r = L(θ) + LB(a)‖θ(a)‖²); the authors' CIFAR-10 code (σ ·
        ``tf.nn.l2_loss`` = σ·½‖W‖²) is ``lba_strength=0.5``; their MNIST code's σ·‖W‖_F
        (not squared) is not offered (see :class:`sklnn.lipschitz.LBAPenalty`). The default
        0.005 was chosen by measurement (MNIST sample, 4 000 training / 1 000 test images,
        Adam 1e-3, batches of 64, 30 epochs, mean of 2 seeds): for
        ``MLPClassifier(hidden_layer_sizes=(256, 256))``, 0.005 keeps the test accuracy of
        the unregularized network (0.936 against 0.933), lowers its Lipschitz bound from 52
        to 9 and raises its FGSM accuracy at ε = 0.05 from 0.49 to 0.80, while 0.05
        underfits (test accuracy 0.86) and 0.5 does not learn (0.22); for
        ``LipschitzCNN(channels=16, stem_stride=2)``, 0.005 keeps the test accuracy (0.967
        against 0.969; bound 353 → 85), 0.05 and 0.5 lower it (0.948, 0.863). A probe on a
        narrower residual MLP (width 50) found 0.05 best: the best strength falls as layers
        widen. ``examples/lipschitz_regularization.py`` compares LBA with L2, L1 and
        dropout; on the authors' residual MLP of width 20 (see :class:`LipschitzCNN`,
        Notes), which overfits 2 000 MNIST images, the documented setting is 0.2.
    lba_resample : {'step', 'epoch'}, default={default:lba_resample}
        Draw a new LBA layer a at every training step, or once per epoch.
    lba_layers : {'all', 'no_stem', 'no_head', 'body'}, default={default:lba_layers}
        The pool of layers the LBA draw picks a from, among the network's dense and
        convolution layers: ``'all'``; ``'no_stem'``, all but the first layer (the
        ``LipschitzCNN`` stem convolution, the first hidden layer of an MLP); ``'no_head'``,
        all but the head (the ``LipschitzCNN`` dense head, the output layer of an MLP);
        ``'body'``, neither: the residual blocks' convolutions of ``LipschitzCNN``, the pool
        of the authors' CIFAR-10 code. A pool left empty by the network (``'body'`` with
        ``n_blocks=0``, or with one hidden layer) raises a ValueError at fit.
    lba_decay : {'coupled', 'decoupled'}, default={default:lba_decay}
        How the LBA penalty acts: ``'coupled'`` adds its gradient ``2 · lba_strength ·
        σ(W_a) · W_a`` to the loss's before the optimizer's update (the talk's regularized
        loss); ``'decoupled'`` shrinks W_a by the step's learning rate lr times that
        gradient, ``W_a ← W_a − lr · 2 · lba_strength · σ(W_a) · W_a``, right before the
        update, which then reads the data loss's gradient alone, as AdamW decouples L2 from
        Adam (Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR 2019). With
        plain SGD (``momentum=0``) the two are the same step; under Adam the coupled
        gradient is rescaled coordinate by coordinate while the decoupled decay is a fixed
        fraction of the weights, so the same ``lba_strength`` means different strengths
        (with Adam at lr 1e-3 the decoupled decay is the weaker: see
        :class:`sklnn.lipschitz.LBAPenalty`). The training loss includes the penalty either
        way.
    regularization : {'auto', None, 'l2', 'l1', 'dropout', 'lba'}, \
default={default:regularization}
        Which regularization trains the network. ``'auto'`` applies every one of L2
        (``alpha``), L1 (``l1``) and dropout (``dropout``) whose strength is non-zero (never
        LBA); ``None`` applies none of them; a name applies that one alone, with its
        strength (which must then be positive). A grid search over ``regularization`` thus
        compares the techniques one at a time, each at the strength set on the estimator.
    lr_decay : float in (0, 1), default={default:lr_decay}
        γ of the ``'exponential'`` and ``'step'`` schedules.
    lr_step_size : int, default={default:lr_step_size}
        Epochs between two decays of the ``'step'`` schedule.
    lr_end_factor : float in [0, 1], default={default:lr_end_factor}
        Final learning rate of the ``'linear'`` and ``'cosine'`` schedules, as a fraction
        of η₀.
    device : str, default={default:device}
        ``'auto'`` (a CUDA GPU when torch sees one, else the CPU), ``'cpu'``, ``'cuda'`` or
        ``'cuda:N'``. The data go to the GPU whole when they fit, else batch by batch (a
        sparse matrix stays on the host, densified batch by batch). The network trains in
        X's dtype (float64 for float64 input, as scikit-learn): pass float32 data for
        speed, above all on a GPU.
"""

ATTRIBUTES = """
    loss_ : float
        The training loss of the last epoch (or of the L-BFGS solution): the data loss
        ({loss_name}) plus the penalties.
    best_loss_ : float or None
        The lowest training loss reached; None with early stopping (see
        ``best_validation_score_``).
    loss_curve_ : list of float
        The training loss of each epoch (of each L-BFGS iteration), over every call since
        the network was initialised: the mean over the epoch's mini-batches of the
        objective minimised, with dropout active.
    validation_scores_ : list of float or None
        With early stopping or ``monitor_validation``, the validation score ({score_name})
        of each epoch; else None.
    best_validation_score_ : float or None
        With early stopping, the best validation score, whose weights the model keeps;
        else None.
    t_ : int or float
        Number of training samples seen by the stochastic solver (``'invscaling'``'s n);
        with ``sample_weight``, the sum of their weights.
    n_iter_ : int
        Number of epochs (L-BFGS iterations) run by the last call to ``fit`` (1 after
        ``partial_fit``).
    n_outputs_ : int
        Number of outputs of the network.
    out_activation_ : str
        The output activation: {out_activations}.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of the features seen during fit, when ``X`` had string column names.
    net_ : skorch.NeuralNet
        The trained skorch net; ``net_.module_`` is the torch module.
    history_ : pandas.DataFrame
        One row per epoch (per L-BFGS iteration): ``epoch``, ``train_loss``
        (``loss_curve_``: the objective minimised, penalties included, averaged over the
        epoch's mini-batches), with ``monitor_validation`` ``train_data_loss`` and
        ``{train_column}`` (the data loss and {score_name} of the training set at the end
        of the epoch, in evaluation mode), with early stopping or ``monitor_validation``
        ``valid_loss`` and ``{valid_column}`` (the data loss and ``validation_scores_`` of
        the validation set), ``lr`` (the learning rate of the
        epoch), ``dur`` (seconds) and, {bound_logging}, ``lipschitz_bound``: the network's
        Lipschitz bound at the end of the epoch, the same product of layer constants as
        ``lipschitz_bound_`` with the dense and convolution norms estimated by power
        iterations warm-started from the previous epoch
        (:class:`sklnn.lipschitz.PowerIterationBound`). Power iteration approaches each
        norm from below, so the column is an upper bound of the Lipschitz constant up to
        the accuracy of those iterations, and at most ``lipschitz_bound_`` for the same
        weights.
    best_epoch_ : int
        With early stopping, the epoch (from 1) of the best validation score, whose
        weights the model keeps (0: none improved on the initial weights); otherwise the
        epoch of the lowest training loss (the model keeps the last epoch's weights).
    lipschitz_bound_ : float
        Upper bound LB of the trained network's Lipschitz constant with respect to the
        Euclidean norms of the inputs and of the outputs (logits): ‖f(x) − f(x′)‖ ≤ LB ‖x −
        x′‖, the product of the layers' constants (talk ``seeds/000_5952624a66961393.txt``,
        "Core Idea": LB = ∏ σ(W⁽ⁱ⁾)). Computed from the trained weights when first read
        (then kept until the next fit), by
        :func:`sklnn.lipschitz.lipschitz_bound` (exact SVDs of dense layers, Lanczos
        operator norms of convolutions, the network in inference mode).
"""


def document(
    cls, architecture_parameters="", extra_attributes="", loss_name="", out_activations=""
):
    """Fill the shared sections into the docstring of ``cls``.

    ``{architecture_parameters}``, ``{training_parameters}``, ``{extra_attributes}`` and
    ``{attributes}`` (each on a line of its own) become ``architecture_parameters``,
    :data:`TRAINING_PARAMETERS`, ``extra_attributes`` and :data:`ATTRIBUTES`;
    ``{default:name}`` becomes the default value of the ``__init__`` parameter ``name``;
    ``{valid_column}`` and ``{train_column}`` the score's history columns of the validation
    and of the training set, ``{score_name}`` the score's name,
    ``{loss_name}`` and ``{out_activations}`` the given texts and ``{bound_logging}`` the
    class's ``_bound_logging_doc``.
    """
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(cls.__init__).parameters.items()
    }
    score = "acc" if hasattr(cls, "predict_proba") else "r2"
    doc = cls.__doc__.replace("    {architecture_parameters}\n", architecture_parameters[1:])
    doc = doc.replace("    {training_parameters}\n", TRAINING_PARAMETERS[1:])
    doc = doc.replace("    {extra_attributes}\n", extra_attributes[1:])
    doc = doc.replace("    {attributes}\n", ATTRIBUTES[1:])
    doc = doc.replace("{valid_column}", f"valid_{score}")
    doc = doc.replace("{train_column}", f"train_{score}")
    doc = doc.replace("{score_name}", "accuracy" if score == "acc" else "R²")
    doc = doc.replace("{loss_name}", loss_name)
    doc = doc.replace("{out_activations}", out_activations)
    doc = doc.replace("{bound_logging}", cls._bound_logging_doc)
    cls.__doc__ = re.sub(r"\{default:(\w+)\}", lambda match: repr(defaults[match[1]]), doc)
    return cls
