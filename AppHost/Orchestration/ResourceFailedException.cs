namespace Finance.AppHost.Orchestration;

public sealed class ResourceFailedException(string message, Exception? inner = null) : Exception(message, inner);
