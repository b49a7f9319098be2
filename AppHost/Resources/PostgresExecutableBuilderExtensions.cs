using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.AppHost.Resources;

/// <summary>
/// <c>AddPostgresExecutable</c> / <c>AddDatabase</c>: Aspire.Hosting.PostgreSQL's shape (connection string, health
/// check, database created on ready) for a server started from Debian's binaries instead of a container.
/// </summary>
public static partial class PostgresExecutableBuilderExtensions
{
    /// <summary>Adds PostgreSQL with its cluster in <paramref name="dataDirectory"/> (initdb on first start).</summary>
    public static IResourceBuilder<PostgresExecutableResource> AddPostgresExecutable(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataDirectory)
    {
        // PostgreSQL refuses to run as root: when we are root it runs as the postgres user Debian's package made.
        var asPostgres = Environment.UserName == "root";
        var server = new PostgresExecutableResource(name, asPostgres ? "setpriv" : Path.Combine(PostgresExecutableResource.BinDirectory, "postgres"), dataDirectory);

        string? connectionString = null;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, (@event, ct) =>
            PostgresCluster.EnsureInitialisedAsync(dataDirectory, asPostgres ? "postgres" : null,
                @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server), ct));
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, ct) =>
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres");
            await connection.OpenAsync(ct);
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<PostgresExecutableDatabaseResource>().Where(d => d.Parent == server))
            {
                await CreateDatabaseAsync(connection, database.DatabaseName, @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server), ct);
                // DCP reports the states of executables only; Aspire passes them on to the children of containers alone.
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            }
        });
        builder.Eventing.Subscribe<ResourceStoppedEvent>(server, async (@event, _) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<PostgresExecutableDatabaseResource>().Where(d => d.Parent == server))
            {
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Exited, StopTimeStamp = DateTime.UtcNow });
            }
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("The connection string is not known yet.")) + ";Database=postgres",
            name: healthCheckKey);

        return builder.AddResource(server)
            .WithEndpoint(name: PostgresExecutableResource.PrimaryEndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                if (asPostgres)
                {
                    context.Args.Add("--reuid=postgres");
                    context.Args.Add("--regid=postgres");
                    context.Args.Add("--init-groups");
                    context.Args.Add(Path.Combine(PostgresExecutableResource.BinDirectory, "postgres"));
                }
                context.Args.Add("-D");
                context.Args.Add(dataDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=127.0.0.1");
                // The socket goes into the cluster directory: /var/run/postgresql may not exist or be writable.
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=" + dataDirectory);
            })
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>Adds a database, created on the server when it is ready, healthy once it accepts connections.</summary>
    public static IResourceBuilder<PostgresExecutableDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresExecutableResource> builder, [ResourceName] string name, string? databaseName = null)
    {
        var database = new PostgresExecutableDatabaseResource(name, databaseName ?? name, builder.Resource);

        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));

        var healthCheckKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException("The connection string is not known yet."), name: healthCheckKey);

        return builder.ApplicationBuilder.AddResource(database)
            .WithInitialState(new() { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] })
            .WithHealthCheck(healthCheckKey);
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnection connection, string databaseName, ILogger logger, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = databaseName } },
        };
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        var quoted = "\"" + databaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        await create.ExecuteNonQueryAsync(ct);
        LogCreatedDatabase(logger, databaseName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private static partial void LogCreatedDatabase(ILogger logger, string database);
}
