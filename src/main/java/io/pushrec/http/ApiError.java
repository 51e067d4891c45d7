package io.pushrec.http;

/** A client mistake, answered with {@code status} and a JSON body naming the field and the problem. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String field;

  public ApiError(int status, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, field, message);
  }

  public int status() {
    return status;
  }

  /** The offending field as a JSON path such as {@code events[3].type}, or null when it is the whole body. */
  public String field() {
    return field;
  }
}
