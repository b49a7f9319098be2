namespace Finance.Tests.Infrastructure;

/// <summary>
/// The class's database with one API host over it for all the class's tests (the diagnostic activities on). Only for
/// classes whose tests need no host of their own: no fake clock they move, no settings of their own, nothing one test
/// leaves in the host for the next.
/// </summary>
public sealed class ApiFixture : DatabaseFixture
{
    public ApiFactory Api { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Api = new ApiFactory(this, settings: new Dictionary<string, string> { ["Workflows:EnableDiagnosticActivities"] = "true" });
    }

    public override async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await base.DisposeAsync();
    }
}
