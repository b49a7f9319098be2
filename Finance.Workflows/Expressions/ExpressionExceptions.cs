namespace Finance.Workflows.Expressions;

/// <summary>An expression could not be evaluated. <see cref="Expression"/> is the source text.</summary>
public abstract class ExpressionException(string expression, string message, Exception? inner)
    : Exception(message, inner)
{
    public string Expression { get; } = expression;
}

/// <summary>The expression is not valid JavaScript.</summary>
public sealed class ExpressionSyntaxException(string expression, string message, Exception? inner = null)
    : ExpressionException(expression, $"Syntax error: {message}", inner);

/// <summary>The expression threw (a JavaScript error, a missing property, clock or randomness use).</summary>
public sealed class ExpressionRuntimeException(string expression, string message, Exception? inner = null)
    : ExpressionException(expression, $"Runtime error: {message}", inner);

/// <summary>The expression hit a statement, recursion or memory limit.</summary>
public sealed class ExpressionLimitException(string expression, string message, Exception? inner = null)
    : ExpressionException(expression, $"Limit exceeded: {message}", inner);

/// <summary>The expression ran longer than the time limit.</summary>
public sealed class ExpressionTimeoutException(string expression, TimeSpan limit, Exception? inner = null)
    : ExpressionException(expression, $"Timed out after {limit.TotalMilliseconds} ms.", inner);
