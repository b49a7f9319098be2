using Finance.Tests.Infrastructure;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// What <see cref="ApiFixture"/> gives (the class's database, one API host, diagnostic activities on), plus maildev as
/// the host's SMTP server, so a flow that should not have run really e-mails and a test can see it, the OpenAPI
/// document, and one set of resources in each of two companies: HYPERVISUAL (the token's own) and DAINAMICS (foreign).
/// </summary>
public sealed class HardeningFixture : DatabaseFixture
{
    public const string OwnCompany = "HYPERVISUAL";
    public const string ForeignCompany = "DAINAMICS";

    private string _snapshotQuery = "";

    public ApiFactory Api { get; private set; } = null!;

    public MailDevServer Mail { get; private set; } = null!;

    public OpenApiOperations Operations { get; private set; } = null!;

    /// <summary>The flows the host publishes itself (invoice.create-and-send, …), from GET /api/flows/definitions.</summary>
    public IReadOnlyList<string> BuiltInFlowIds { get; private set; } = [];

    public CompanyResources Own { get; private set; } = null!;

    public CompanyResources Foreign { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Mail = await TestServers.MailDev;
        Api = new ApiFactory(this, settings: new Dictionary<string, string>
        {
            ["Workflows:EnableDiagnosticActivities"] = "true",
            ["Smtp:Port"] = $"{Mail.SmtpPort}",
        });
        var admin = Api.ClientWithToken();
        Operations = await OpenApiOperations.LoadAsync(Api.CreateClient());
        BuiltInFlowIds = await FlowResources.ListAsync(admin);
        var flows = new FlowResources(admin);
        await flows.SeedAsync();
        Own = new CompanyResources(OwnCompany, flows, admin, Api);
        Foreign = new CompanyResources(ForeignCompany, flows, admin, Api);
        await Own.SeedAsync();
        await Foreign.SeedAsync();
        _snapshotQuery = await DatabaseSnapshot.QueryAsync(DataSource);
    }

    public Task<DatabaseSnapshot> SnapshotAsync() => DatabaseSnapshot.TakeAsync(DataSource, _snapshotQuery);

    public override async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await base.DisposeAsync();
    }
}
