"""Trains the benchmark MLP with PyTorch on the CPU for the Rectify trainer benchmark.

Reads a JSON plan on stdin (threads, data files, sizes, epochs, batch size, learning rate, seed),
reads the same float32 MNIST split the TypeScript driver wrote, trains 784-128-64-10 ReLU with Adam,
and prints one JSON object: samples/s of each epoch (training steps only) and the test accuracy.
"""
import json
import sys
import time

import torch


def main():
    plan = json.load(sys.stdin)
    torch.set_num_threads(plan["threads"])
    torch.manual_seed(plan["seed"])
    features = 784
    train_x = torch.from_file(plan["trainInputs"], size=plan["trainRows"] * features, dtype=torch.float32).view(plan["trainRows"], features)
    train_y = torch.from_file(plan["trainLabels"], size=plan["trainRows"], dtype=torch.float32).long()
    test_x = torch.from_file(plan["testInputs"], size=plan["testRows"] * features, dtype=torch.float32).view(plan["testRows"], features)
    test_y = torch.from_file(plan["testLabels"], size=plan["testRows"], dtype=torch.float32).long()
    model = torch.nn.Sequential(
        torch.nn.Linear(features, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )
    # The same initialisation family as Rectify's default: He normal (fan_in, gain sqrt(2)), zero biases.
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    torch.nn.init.kaiming_normal_(model[4].weight, nonlinearity="linear")
    optimizer = torch.optim.Adam(model.parameters(), lr=plan["learningRate"])
    loss_fn = torch.nn.CrossEntropyLoss()
    batch = plan["batchSize"]
    generator = torch.Generator().manual_seed(plan["seed"])
    rates = []
    for _ in range(plan["epochs"]):
        order = torch.randperm(plan["trainRows"], generator=generator)
        started = time.perf_counter()
        for start in range(0, plan["trainRows"], batch):
            index = order[start:start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
        rates.append(plan["trainRows"] / (time.perf_counter() - started))
    with torch.no_grad():
        accuracy = (model(test_x).argmax(dim=1) == test_y).float().mean().item()
    json.dump({"version": torch.__version__, "threads": torch.get_num_threads(), "samplesPerSecond": rates, "testAccuracy": accuracy}, sys.stdout)


if __name__ == "__main__":
    main()
