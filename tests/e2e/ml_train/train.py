"""Time to the first batch of a small training run: a dataframe, scaling
and a split with scikit-learn, SciPy statistics, a DataLoader, one
optimiser step of a torch model, and a matplotlib (Agg) plot."""
import matplotlib

matplotlib.use("Agg")

import io  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
from scipy import stats  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402


def main():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(256, 4)), columns=list("abcd"))
    frame["y"] = (frame["a"] + 0.5 * frame["b"] > 0).astype("float32")
    print("skew %.4f" % stats.skew(frame["a"]))
    x = StandardScaler().fit_transform(frame[list("abcd")].to_numpy())
    x_train, _, y_train, _ = train_test_split(
        x, frame["y"].to_numpy(), test_size=0.25, random_state=0)
    data = TensorDataset(torch.tensor(x_train, dtype=torch.float32),
                         torch.tensor(y_train, dtype=torch.float32))
    loader = DataLoader(data, batch_size=32, shuffle=False)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(),
                                torch.nn.Linear(8, 1))
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    features, labels = next(iter(loader))
    optimiser.zero_grad()
    loss = loss_fn(model(features).squeeze(1), labels)
    loss.backward()
    optimiser.step()
    print("first batch loss %.4f" % loss.item())
    fig, ax = plt.subplots()
    ax.hist(frame["a"], bins=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    print("plot %s" % ("ok" if buf.getvalue()[:4] == b"\x89PNG" else "bad"))


if __name__ == "__main__":
    main()
