using Microsoft.Extensions.Options;

namespace Finance.Api.Auth;

/// <summary>In Development, writes a ready admin token for the whole group to <see cref="AuthOptions.DevTokenFile"/>.</summary>
internal sealed partial class DevTokenWriter(IOptions<AuthOptions> options, IHostEnvironment environment, TimeProvider timeProvider, ILogger<DevTokenWriter> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!environment.IsDevelopment() || string.IsNullOrWhiteSpace(o.DevTokenFile) || string.IsNullOrWhiteSpace(o.SigningKey))
        {
            return;
        }
        var token = DevTokens.Create(o, "dev-admin", [Roles.Admin], [CompanyAccess.AllCompanies], timeProvider.GetUtcNow(), o.DevTokenLifetime);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(o.DevTokenFile))!);
        await File.WriteAllTextAsync(o.DevTokenFile, token, cancellationToken);
        // A credential: readable by its owner only, as the signing key beside it.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(o.DevTokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        // The token itself stays out of the logs: it is a credential.
        LogWroteToken(logger, o.DevTokenFile);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote a development admin token to {File}")]
    private static partial void LogWroteToken(ILogger logger, string file);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
