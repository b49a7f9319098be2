namespace Finance.AppHost.Resources;

/// <summary>A resource others can reference: it hands them the environment variables Aspire would.</summary>
public interface IResourceWithEnvironment
{
    IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment();
}
