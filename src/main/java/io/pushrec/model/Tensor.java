package io.pushrec.model;

/** One trainable weight matrix (row-major) with its gradient and its Adam moments. */
final class Tensor {
  final String name;
  final int rows;
  final int cols;
  final float[] value;
  final float[] grad;
  /** Whether L2 applies: weight matrices and embeddings yes, biases and layer-norm parameters no. */
  final boolean decays;
  float[] firstMoment;
  float[] secondMoment;

  Tensor(String name, int rows, int cols, boolean decays) {
    this.name = name;
    this.rows = rows;
    this.cols = cols;
    this.value = new float[rows * cols];
    this.grad = new float[rows * cols];
    this.decays = decays;
  }

  /** A tensor that reads and updates the same values as source but collects its own gradient. */
  Tensor(Tensor source) {
    this.name = source.name;
    this.rows = source.rows;
    this.cols = source.cols;
    this.value = source.value;
    this.grad = new float[source.value.length];
    this.decays = source.decays;
  }

  int size() {
    return value.length;
  }
}
