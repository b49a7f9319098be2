using System.Security.Cryptography;

namespace Finance.AppHost.Resources;

/// <summary>
/// The development stand-ins for Revolut Business and Invoice Ninja (StandIns/, WireMock.Net), as one project resource
/// with an endpoint each. Revolut's data is written by the demo seeding (the migration step), so the stand-in starts
/// after it; Invoice Ninja's is the static <c>StandIns/seed/invoiceninja.json</c>. The API and the workers get each
/// demo company's connection pointed at them, with a development key kept in the data directory.
/// </summary>
internal sealed class StandIns
{
    /// <summary>The companies whose demo payments come through the Revolut stand-in; the others get a camt.054.</summary>
    public static readonly string[] RevolutCompanies = ["HYPERVISUAL", "DAINAMICS", "TAKEOUT"];

    /// <summary>The company whose Invoice Ninja the stand-in plays (its seed's clients and invoices).</summary>
    public static readonly string[] NinjaCompanies = ["HYPERVISUAL"];

    // The stand-in's defaults (StandIns/StandInSeed.cs): not secrets, they open nothing but the local fake.
    private const string ClientId = "standin-client";
    private const string RefreshToken = "standin-refresh-token";
    private const string NinjaToken = "standin-api-token";

    private readonly string _privateKeyPem;
    private readonly string _webhookSecret;
    private readonly EndpointReference _revolut;
    private readonly EndpointReference _ninja;

    public IResourceBuilder<ProjectResource> Resource { get; }

    public string RevolutSeed { get; }

    private StandIns(IResourceBuilder<ProjectResource> resource, string revolutSeed, string privateKeyPem, string webhookSecret)
    {
        (Resource, RevolutSeed, _privateKeyPem, _webhookSecret) = (resource, revolutSeed, privateKeyPem, webhookSecret);
        _revolut = resource.GetEndpoint("revolut");
        _ninja = resource.GetEndpoint("ninja");
    }

    public static StandIns Add(IDistributedApplicationBuilder builder, string dataDirectory)
    {
        var revolutSeed = Path.Combine(dataDirectory, "standins", "revolut-seed.json");
        var ninjaSeed = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "StandIns", "seed", "invoiceninja.json"));
        var (privateKey, publicKey) = DevKey(dataDirectory);
        var resource = builder.AddProject<Projects.Finance_StandIns>("standins")
            .WithHttpEndpoint(name: "revolut", env: "FINANCE_STANDIN_REVOLUT_PORT")
            .WithHttpEndpoint(name: "ninja", env: "FINANCE_STANDIN_NINJA_PORT")
            .WithUrlForEndpoint("revolut", u => u.DisplayText = "Revolut stand-in")
            .WithUrlForEndpoint("ninja", u => u.DisplayText = "Invoice Ninja stand-in")
            .WithEnvironment("FINANCE_STANDIN_SEED", string.Join(Path.PathSeparator, revolutSeed, ninjaSeed))
            .WithEnvironment("FINANCE_STANDIN_REVOLUT_PUBLIC_KEY", publicKey);
        return new StandIns(resource, revolutSeed, privateKey, DevSecret(dataDirectory, "revolut-webhook-secret"));
    }

    /// <summary>The demo seeding writes the Revolut seed and links the companies' accounts.</summary>
    public IResourceBuilder<ProjectResource> SeededBy(IResourceBuilder<ProjectResource> migrations)
    {
        Resource.WaitForCompletion(migrations);
        // The seeding only needs to know which companies have a Revolut connection: no endpoint, it calls nothing.
        return WithConnections(migrations.WithEnvironment("Demo__Banking__RevolutStandInSeed", RevolutSeed), endpoints: false);
    }

    /// <summary>Revolut and Invoice Ninja settings of the demo companies, pointed at the stand-ins.</summary>
    public IResourceBuilder<ProjectResource> ConnectedTo(IResourceBuilder<ProjectResource> project) =>
        WithConnections(project, endpoints: true).WaitFor(Resource);

    private IResourceBuilder<ProjectResource> WithConnections(IResourceBuilder<ProjectResource> project, bool endpoints)
    {
        foreach (var code in RevolutCompanies)
        {
            var prefix = $"Revolut__Companies__{code}__";
            project.WithEnvironment(prefix + "ClientId", ClientId)
                .WithEnvironment(prefix + "RefreshToken", RefreshToken)
                .WithEnvironment(prefix + "Issuer", "finance.localhost")
                .WithEnvironment(prefix + "PrivateKeyPem", _privateKeyPem)
                .WithEnvironment(prefix + "WebhookSigningSecret", _webhookSecret);
            if (endpoints) project.WithEnvironment(prefix + "BaseUrl", ReferenceExpression.Create($"{_revolut}/api/1.0"));
        }
        if (!endpoints) return project;
        foreach (var code in NinjaCompanies)
        {
            project.WithEnvironment($"InvoiceNinja__Companies__{code}__BaseUrl", _ninja)
                .WithEnvironment($"InvoiceNinja__Companies__{code}__ApiToken", NinjaToken);
        }
        return project;
    }

    /// <summary>An RSA key for the client assertions, made on the first run and kept (owner-only) in the data directory.</summary>
    private static (string PrivateKey, string PublicKey) DevKey(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "revolut-standin-key.pem");
        using var rsa = RSA.Create();
        if (File.Exists(file))
        {
            rsa.ImportFromPem(File.ReadAllText(file));
        }
        else
        {
            rsa.KeySize = 2048;
            Directory.CreateDirectory(dataDirectory);
            File.WriteAllText(file, rsa.ExportPkcs8PrivateKeyPem());
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return (rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }

    private static string DevSecret(string dataDirectory, string name)
    {
        var file = Path.Combine(dataDirectory, name);
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        Directory.CreateDirectory(dataDirectory);
        var secret = "wsk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(file, secret);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return secret;
    }
}
