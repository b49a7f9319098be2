using System.Globalization;
using WireMock.Server;

namespace Finance.StandIns;

/// <summary>
/// Runs the Revolut and Invoice Ninja stand-ins for development: <c>--revolut-port N --ninja-port M</c> (0 or absent: a free
/// port; also <c>FINANCE_STANDIN_REVOLUT_PORT</c> / <c>FINANCE_STANDIN_NINJA_PORT</c>), seed from the files listed in
/// <c>FINANCE_STANDIN_SEED</c> (README.md), the Revolut public key from <c>FINANCE_STANDIN_REVOLUT_PUBLIC_KEY</c>. Not named Program: the tests reference this project beside the API's Program.
/// </summary>
internal static class StandInHost
{
    public static async Task<int> Main(string[] args)
    {
        var seedPath = Environment.GetEnvironmentVariable("FINANCE_STANDIN_SEED");
        IReadOnlyList<string> missing = [];
        var seed = string.IsNullOrEmpty(seedPath) ? new StandInSeed() : StandInSeed.LoadAll(seedPath, out missing);
        foreach (var path in missing) Console.WriteLine($"Seed file {path} does not exist (yet): left out.");
        // The AppHost passes the public half of its development key, so client assertions are signature-checked.
        if (Environment.GetEnvironmentVariable("FINANCE_STANDIN_REVOLUT_PUBLIC_KEY") is { Length: > 0 } publicKey) seed.Revolut.PublicKeyPem = publicKey;
        using var revolutServer = WireMockServer.Start(Port(args, "--revolut-port", "FINANCE_STANDIN_REVOLUT_PORT"));
        using var ninjaServer = WireMockServer.Start(Port(args, "--ninja-port", "FINANCE_STANDIN_NINJA_PORT"));
        var revolut = new RevolutFake(revolutServer, seed.Revolut);
        var ninja = new InvoiceNinjaFake(ninjaServer, seed.InvoiceNinja);
        Console.WriteLine($"Seed: {seedPath ?? "(none: empty data)"}");
        Console.WriteLine($"Revolut Business stand-in: {revolut.BaseUrl} ({seed.Revolut.Accounts.Count} accounts, {seed.Revolut.Transactions.Count} transactions)");
        Console.WriteLine($"Invoice Ninja stand-in:    {ninja.BaseUrl} ({seed.InvoiceNinja.Clients.Count} clients, {seed.InvoiceNinja.Invoices.Count} invoices)");

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: leave, disposing the servers.
        }
        return 0;
    }

    private static int Port(string[] args, string flag, string variable)
    {
        var index = Array.IndexOf(args, flag);
        var text = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable(variable);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0;
    }
}
