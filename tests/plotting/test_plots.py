"""Tests of sklnn.plotting: each figure's content, and that it saves as a non-trivial PNG."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.image import imread
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits, load_iris, make_blobs, make_moons
from sklearn.decomposition import PCA
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix

from sklnn.neural_network import MLPClassifier
from sklnn.plotting import (
    plot_clusters_2d,
    plot_components,
    plot_confusion_matrix,
    plot_confusion_matrix_from_predictions,
    plot_decision_boundary,
    plot_explained_variance,
    plot_learning_curves,
    plot_reconstruction,
    plot_scores,
    save_figure,
)
from sklnn.plotting._clusters import match_clusters


def assert_saves_valid_png(figure_or_axes, tmp_path):
    """Save through save_figure and check the PNG is big, not blank, and the figure closed."""
    figure = getattr(figure_or_axes, "figure", figure_or_axes)
    path = save_figure(figure_or_axes, tmp_path / "figure.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = imread(path)
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert len(np.unique(image.reshape(-1, image.shape[-1]), axis=0)) > 2
    assert not plt.fignum_exists(figure.number)


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def make_history(n_epochs=6, score="valid_acc"):
    epochs = np.arange(1, n_epochs + 1)
    return pd.DataFrame(
        {
            "epoch": epochs,
            "train_loss": 1.0 / epochs,
            "valid_loss": 1.0 / epochs + 0.02 * epochs,
            score: 0.5 + 0.05 * epochs,
            "lr": np.full(n_epochs, 0.01),
            "dur": np.full(n_epochs, 0.1),
            "lipschitz_bound": 2.0 * epochs,
        }
    )


class FakeNeuralEstimator(BaseEstimator):
    """Stands in for a fitted sklnn neural estimator: only its ``history_`` is plotted."""

    def __init__(self, score="valid_acc"):
        self.score = score

    def fit(self, X=None, y=None):
        self.history_ = make_history(score=self.score)
        return self


# learning curves ----------------------------------------------------------------------------


def test_learning_curves_draw_the_history(tmp_path):
    estimator = FakeNeuralEstimator().fit()
    history = estimator.history_
    ax = plot_learning_curves(estimator)
    assert isinstance(ax, Axes)
    train, valid = ax.get_lines()
    np.testing.assert_allclose(train.get_xdata(), history["epoch"])
    np.testing.assert_allclose(train.get_ydata(), history["train_loss"])
    np.testing.assert_allclose(valid.get_ydata(), history["valid_loss"])
    assert train.get_color() != valid.get_color()
    assert valid.get_linestyle() == "--"
    assert legend_texts(ax) == ["train loss", "validation loss"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "loss")
    ax.figure.draw_without_rendering()
    assert ax.get_legend().get_window_extent().x0 > ax.get_window_extent().x1  # off the lines
    ticks = [tick for tick in ax.get_xticks() if 1 <= tick <= len(history)]
    assert ticks and all(float(tick).is_integer() for tick in ticks)
    assert_saves_valid_png(ax, tmp_path)


def test_learning_curves_both_puts_the_score_on_a_twin_axis(tmp_path):
    history = make_history()
    ax = plot_learning_curves(history, metric="both")
    assert len(ax.figure.axes) == 2
    twin = ax.figure.axes[1]
    (score_line,) = twin.get_lines()
    np.testing.assert_allclose(score_line.get_ydata(), history["valid_acc"])
    assert twin.get_ylabel() == "validation accuracy"
    assert legend_texts(ax) == ["train loss", "validation loss", "validation accuracy"]
    assert_saves_valid_png(ax, tmp_path)


def test_learning_curves_of_a_monitored_fit_draw_train_and_validation():
    X, y = load_iris(return_X_y=True)
    model = MLPClassifier(max_iter=3, monitor_validation=True, random_state=0).fit(X, y)
    history = model.history_
    ax = plot_learning_curves(model)
    assert legend_texts(ax) == ["train loss", "train loss (end of epoch)", "validation loss"]
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), history["train_data_loss"])
    ax = plot_learning_curves(model, metric="score")
    train, valid = ax.get_lines()
    np.testing.assert_allclose(train.get_ydata(), history["train_acc"])
    np.testing.assert_allclose(valid.get_ydata(), history["valid_acc"])
    assert train.get_color() != valid.get_color()
    assert train.get_linestyle() != valid.get_linestyle()  # told apart among several models
    assert ax.get_ylabel() == "accuracy"


def test_learning_curves_score_and_other_columns():
    history = make_history(score="valid_r2")
    ax = plot_learning_curves(history, metric="score")
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), history["valid_r2"])
    assert ax.get_ylabel() == "validation R²"
    ax = plot_learning_curves(history, metric="lipschitz_bound")
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), history["lipschitz_bound"])
    assert legend_texts(ax) == ["Lipschitz bound"]


def test_learning_curves_of_two_models_on_one_axes():
    _, ax = plt.subplots()
    assert plot_learning_curves(make_history(), ax=ax, label="overfit") is ax
    plot_learning_curves(make_history(), ax=ax, label="dropout")
    assert legend_texts(ax) == [
        "overfit: train loss",
        "overfit: validation loss",
        "dropout: train loss",
        "dropout: validation loss",
    ]
    colors = [line.get_color() for line in ax.get_lines()]
    assert colors[0] == colors[1] != colors[2] == colors[3]


def test_learning_curves_without_validation_columns():
    history = make_history()[["epoch", "train_loss"]]
    ax = plot_learning_curves(history, metric="both")
    assert len(ax.figure.axes) == 1 and legend_texts(ax) == ["train loss"]
    no_epoch = history.drop(columns="epoch")
    ax = plot_learning_curves(no_epoch)
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), np.arange(1, 7))


def test_learning_curves_errors():
    with pytest.raises(ValueError, match="no column for metric='accuracy'.*train_loss, valid"):
        plot_learning_curves(make_history(), metric="accuracy")
    with pytest.raises(ValueError, match="no column for metric='score'"):
        plot_learning_curves(make_history()[["epoch", "train_loss"]], metric="score")
    with pytest.raises(ValueError, match="history is empty"):
        plot_learning_curves(make_history().iloc[:0])
    with pytest.raises(NotFittedError):
        plot_learning_curves(FakeNeuralEstimator())
    with pytest.raises(TypeError, match="fitted neural estimator .* got list"):
        plot_learning_curves([1, 2, 3])


# confusion matrices -------------------------------------------------------------------------


def test_confusion_matrix_from_predictions_annotates_counts(tmp_path):
    y_true = ["cat", "cat", "dog", "dog", "dog", "eel"]
    y_pred = ["cat", "dog", "dog", "dog", "eel", "eel"]
    ax = plot_confusion_matrix_from_predictions(y_true, y_pred)
    expected = [[1, 1, 0], [0, 2, 1], [0, 0, 1]]
    assert [text.get_text() for text in ax.texts] == [str(v) for v in np.ravel(expected)]
    np.testing.assert_array_equal(ax.images[0].get_array(), expected)
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["cat", "dog", "eel"]
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["cat", "dog", "eel"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted label", "true label")
    assert_saves_valid_png(ax, tmp_path)


def test_confusion_matrix_normalized_and_ordered_by_labels():
    y_true, y_pred = [0, 0, 1, 1], [0, 1, 1, 1]
    ax = plot_confusion_matrix_from_predictions(y_true, y_pred, normalize="true", labels=[1, 0])
    assert [text.get_text() for text in ax.texts] == ["1.00", "0.00", "0.50", "0.50"]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["1", "0"]


def test_confusion_matrix_of_a_fitted_classifier(tmp_path):
    X, y = load_iris(return_X_y=True)
    classifier = LogisticRegression(max_iter=200).fit(X, y)
    ax = plot_confusion_matrix(classifier, X, y)
    expected = confusion_matrix(y, classifier.predict(X))
    assert [text.get_text() for text in ax.texts] == [str(v) for v in expected.ravel()]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["0", "1", "2"]
    assert_saves_valid_png(ax, tmp_path)


def test_confusion_matrix_errors():
    with pytest.raises(ValueError, match="Invalid value for 'normalize': 'rows'"):
        plot_confusion_matrix_from_predictions([0, 1], [0, 1], normalize="rows")
    with pytest.raises(NotFittedError):
        plot_confusion_matrix(LogisticRegression(), [[0.0], [1.0]], [0, 1])


# score chart --------------------------------------------------------------------------------


def make_scores():
    return pd.DataFrame(
        {
            "model": ["SoftmaxReg", "LogisticRegression", "MLPClassifier"],
            "mean": [0.95, 0.96, 0.98],
            "std": [0.01, 0.02, 0.005],
            "family": ["classical", "classical", "neural"],
        }
    )


def test_scores_points_error_bars_and_labels(tmp_path):
    scores = make_scores()
    ax = plot_scores(scores, xlabel="accuracy", title="digits")
    classical, neural = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    points = np.concatenate([c.lines[0].get_xdata() for c in (classical, neural)])
    np.testing.assert_allclose(points, scores["mean"])
    assert [tick.get_text() for tick in ax.get_yticklabels()] == list(scores["model"])
    segments = [s for c in (classical, neural) for s in c.lines[2][0].get_segments()]
    expected = np.column_stack([scores["mean"] - scores["std"], scores["mean"] + scores["std"]])
    np.testing.assert_allclose([segment[:, 0] for segment in segments], expected)
    assert [text.get_text().strip() for text in ax.texts] == [
        "0.950 ± 0.010",
        "0.960 ± 0.020",
        "0.980 ± 0.005",
    ]
    assert ax.get_xlabel() == "accuracy" and ax.get_title(loc="left") == "digits"
    assert legend_texts(ax) == ["classical", "neural"]
    assert classical.lines[0].get_color() != neural.lines[0].get_color()
    assert_saves_valid_png(ax, tmp_path)


def test_scores_axis_is_zoomed_to_the_error_bars():
    scores = make_scores()  # error bars from 0.94 to 0.985
    left, right = plot_scores(scores).get_xlim()
    assert 0.93 < left < 0.94 and right > 0.985
    same = make_scores().assign(mean=0.5, std=0.0)
    left, right = plot_scores(same).get_xlim()
    assert left < 0.5 < right


@pytest.mark.parametrize(
    "means",
    [[0.969, 0.975, 0.972], [0.2, 0.9, 0.5], [-0.4, 0.3, 0.8]],
    ids=["close", "spread", "negative"],
)
def test_scores_labels_end_inside_the_axes_clear_of_the_legend(means):
    # The README's figure once had its "mean ± std" labels run past the Axes into the legend.
    scores = make_scores().assign(mean=means, std=[0.010, 0.012, 0.006])
    ax = plot_scores(scores, xlabel="accuracy", title="digits: accuracy, mean ± std over 5 folds")
    ax.figure.draw_without_rendering()
    axes_box = ax.get_window_extent()
    legend_box = ax.get_legend().get_window_extent()
    for label in ax.texts:
        box = label.get_window_extent()
        assert box.x1 <= axes_box.x1, label.get_text()
        assert not box.overlaps(legend_box), label.get_text()


def test_scores_without_family_have_no_legend():
    ax = plot_scores(make_scores().drop(columns="family"))
    assert ax.get_legend() is None and len(ax.containers) == 1


def test_scores_errors():
    with pytest.raises(ValueError, match="missing: std"):
        plot_scores(make_scores().drop(columns="std"))
    with pytest.raises(ValueError, match="scores is empty"):
        plot_scores(make_scores().iloc[:0])


# clusters -----------------------------------------------------------------------------------


def test_clusters_2d_colours_clusters_and_greys_noise(tmp_path):
    X, _ = make_blobs(n_samples=60, centers=2, random_state=0)
    labels = np.repeat([0, 1, -1], 20)
    centers = np.array([[0.0, 0.0], [1.0, 1.0]])
    ax = plot_clusters_2d(X, labels, centers=centers, title="DBSCAN")
    assert legend_texts(ax) == ["cluster 0", "cluster 1", "noise", "centers"]
    cluster_0, cluster_1, noise, drawn_centers = ax.collections
    np.testing.assert_allclose(cluster_0.get_offsets(), X[:20])
    np.testing.assert_allclose(noise.get_offsets(), X[40:])
    np.testing.assert_allclose(drawn_centers.get_offsets(), centers)
    np.testing.assert_allclose(noise.get_facecolor()[0], to_rgba("0.65"))
    assert tuple(cluster_0.get_facecolor()[0]) != tuple(cluster_1.get_facecolor()[0])
    assert ax.get_title() == "DBSCAN"
    assert_saves_valid_png(ax, tmp_path)


def test_clusters_2d_with_a_dataframe_and_kmeans():
    X, _ = make_blobs(n_samples=90, centers=3, random_state=1)
    frame = pd.DataFrame(X, columns=["height", "weight"])
    labels = KMeans(n_clusters=3, n_init=1, random_state=0).fit_predict(X)
    ax = plot_clusters_2d(frame, labels)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("height", "weight")
    assert len(ax.collections) == 3


def test_clusters_2d_leaves_out_an_unreadable_legend():
    X = np.random.default_rng(0).normal(size=(30, 2))
    ax = plot_clusters_2d(X, np.arange(30) % 15)
    assert len(ax.collections) == 15 and ax.get_legend() is None


def point_colours(ax):
    """Each drawn point's colour, by its coordinates."""
    return {
        tuple(point): tuple(collection.get_facecolor()[0])
        for collection in ax.collections
        for point in collection.get_offsets()
    }


def test_matched_clusters_take_their_class_colour():
    X, classes = make_blobs(n_samples=60, centers=3, random_state=0)
    permuted = np.array([2, 0, 1])[classes]  # the same partition, other numbers
    permuted[:5] = -1  # noise stays noise
    truth = plot_clusters_2d(X, classes, kind="class")
    clusters = plot_clusters_2d(X, match_clusters(permuted, classes))
    truth_colours, cluster_colours = point_colours(truth), point_colours(clusters)
    assert all(cluster_colours[point] == truth_colours[point] for point in map(tuple, X[5:]))
    assert legend_texts(truth)[:3] == ["class 0", "class 1", "class 2"]


def test_match_clusters_numbers_extra_clusters_after_the_classes():
    reference = np.array(["a", "a", "b", "b", "b", "b"])
    labels = np.array([7, 7, 3, 3, 5, 5])  # three clusters for two classes
    matched = match_clusters(labels, reference)
    assert matched[:2].tolist() == [0, 0] and set(matched[2:]) == {1, 2}
    assert match_clusters([-1, -1], ["a", "b"]).tolist() == [-1, -1]


def test_clusters_2d_errors():
    with pytest.raises(ValueError, match="exactly 2 features .* got 3"):
        plot_clusters_2d(np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        plot_clusters_2d(np.zeros((5, 2)), np.zeros(4))


# decision boundary --------------------------------------------------------------------------


class SignClassifier(ClassifierMixin, BaseEstimator):
    """Predicts 'right' when x0 > 0, else 'left'; records what predict receives."""

    def fit(self, X, y):
        self.classes_ = np.array(["left", "right"])
        return self

    def predict(self, X):
        self.seen_ = X
        return np.where(np.asarray(X)[:, 0] > 0, "right", "left")


def test_decision_boundary_predicts_on_a_grid(tmp_path):
    X = np.array([[-1.0, 0.0], [-0.5, 1.0], [0.5, -1.0], [1.0, 0.5]])
    y = np.array(["left", "left", "right", "right"])
    classifier = SignClassifier().fit(X, y)
    ax = plot_decision_boundary(classifier, X, y, resolution=30)
    assert classifier.seen_.shape == (900, 2)
    grid = np.asarray(classifier.seen_)
    np.testing.assert_allclose(grid.min(axis=0), X.min(axis=0) - 0.1 * np.ptp(X, axis=0))
    np.testing.assert_allclose(grid.max(axis=0), X.max(axis=0) + 0.1 * np.ptp(X, axis=0))
    assert legend_texts(ax) == ["left", "right"]
    regions, left, right = ax.collections
    np.testing.assert_allclose(left.get_offsets(), X[:2])
    np.testing.assert_allclose(right.get_offsets(), X[2:])
    assert_saves_valid_png(ax, tmp_path)


def test_decision_boundary_keeps_feature_names():
    X, y = make_moons(n_samples=80, noise=0.2, random_state=0)
    frame = pd.DataFrame(X, columns=["a", "b"])
    classifier = LogisticRegression().fit(frame, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "X does not have valid feature names"
        ax = plot_decision_boundary(classifier, frame, y, resolution=20)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("a", "b")


def test_decision_boundary_errors():
    classifier = SignClassifier().fit(None, None)
    with pytest.raises(ValueError, match="exactly 2 features"):
        plot_decision_boundary(classifier, np.zeros((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="resolution"):
        plot_decision_boundary(classifier, np.zeros((4, 2)), np.zeros(4), resolution=1)


# PCA ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits():
    return load_digits().data


def test_explained_variance_bars_and_cumulative_line(tmp_path, digits):
    pca = PCA(n_components=10).fit(digits)
    ax = plot_explained_variance(pca)
    heights = [bar.get_height() for bar in ax.patches]
    np.testing.assert_allclose(heights, pca.explained_variance_ratio_)
    (cumulative,) = ax.get_lines()
    np.testing.assert_allclose(cumulative.get_ydata(), np.cumsum(pca.explained_variance_ratio_))
    np.testing.assert_allclose(cumulative.get_xdata(), np.arange(1, 11))
    assert legend_texts(ax) == ["cumulative", "per component"]
    assert_saves_valid_png(ax, tmp_path)


def test_reconstruction_shows_originals_above_reconstructions(tmp_path, digits):
    pca = PCA(n_components=12).fit(digits)
    fig = plot_reconstruction(pca, digits, (8, 8), n_images=6)
    assert isinstance(fig, Figure) and len(fig.axes) == 12
    reconstructed = pca.inverse_transform(pca.transform(digits[:6]))
    for column in range(6):
        np.testing.assert_allclose(
            fig.axes[column].images[0].get_array(), digits[column].reshape(8, 8)
        )
        np.testing.assert_allclose(
            fig.axes[6 + column].images[0].get_array(), reconstructed[column].reshape(8, 8)
        )
    assert fig.axes[0].get_ylabel() == "original" and fig.axes[6].get_ylabel() == "reconstructed"
    assert "12 components" in fig.get_suptitle()
    assert_saves_valid_png(fig, tmp_path)


def test_reconstruction_draws_into_a_given_figure_from_a_dataframe(digits):
    frame = pd.DataFrame(digits, columns=[f"p{i}" for i in range(64)])
    pca = PCA(n_components=5).fit(frame)
    fig = plt.figure()
    assert plot_reconstruction(pca, frame, (8, 8), n_images=3, fig=fig) is fig
    assert len(fig.axes) == 6


def test_components_as_images(tmp_path, digits):
    pca = PCA(n_components=10).fit(digits)
    fig = plot_components(pca, (8, 8), n_components=10)
    assert len(fig.axes) == 16  # 2 rows of 8, the last 6 cells hidden
    drawn = [ax for ax in fig.axes if ax.images]
    assert len(drawn) == 10
    np.testing.assert_allclose(drawn[3].images[0].get_array(), pca.components_[3].reshape(8, 8))
    assert drawn[0].get_title() == f"PC1 ({pca.explained_variance_ratio_[0]:.1%})"
    assert_saves_valid_png(fig, tmp_path)
    few = plot_components(PCA(n_components=3).fit(digits), (8, 8))
    assert len(few.axes) == 3


def test_image_shape_must_match_the_features(digits):
    pca = PCA(n_components=3).fit(digits)
    with pytest.raises(ValueError, match=r"image_shape \(28, 28\) has 784 pixels, .* 64 feat"):
        plot_components(pca, (28, 28))
    with pytest.raises(ValueError, match="image_shape"):
        plot_reconstruction(pca, digits, (7, 7))
    with pytest.raises(ValueError, match="n_images"):
        plot_reconstruction(pca, digits, (8, 8), n_images=0)


def test_save_figure_can_keep_the_figure_open(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    path = save_figure(fig, tmp_path / "line.svg", close=False)
    assert path.read_text().lstrip().startswith("<?xml")
    assert plt.fignum_exists(fig.number)
