using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Finance.StandIns;

/// <summary>
/// The Revolut Business API on a <see cref="WireMockServer"/>, from seed data: <c>POST /auth/token</c> (refresh-token grant
/// with a client assertion, checked as Revolut does), <c>GET /accounts</c> and <c>GET /transactions</c> (newest first,
/// <c>from</c> inclusive, <c>to</c> exclusive, <c>count</c>), Bearer tokens that expire on <see cref="TimeProvider"/>.
/// Mappings are added at priority 100, so a test can put a fault in front of them at a lower number.
/// </summary>
public sealed class RevolutFake
{
    public const string ApiPath = "/api/1.0";
    private const int Priority = 100;
    // Written out here, not taken from the client under test: the fake checks what Revolut's guide says.
    private const string Audience = "https://revolut.com";
    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private readonly WireMockServer _server;
    private readonly RevolutSeed _seed;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _refusals = new();
    private int _issued;

    public RevolutFake(WireMockServer server, RevolutSeed seed, TimeProvider? time = null)
    {
        (_server, _seed, _time) = (server, seed, time ?? TimeProvider.System);
        server.Given(Request.Create().WithPath(ApiPath + "/auth/token").UsingPost()).AtPriority(Priority)
            .RespondWith(Response.Create().WithCallback(Token));
        server.Given(Request.Create().WithPath(ApiPath + "/accounts").UsingGet()).AtPriority(Priority)
            .RespondWith(Response.Create().WithCallback(r => Authorized(r) ?? FakeHttp.Json(200, FakeHttp.Copy(_seed.Accounts))));
        server.Given(Request.Create().WithPath(ApiPath + "/transactions").UsingGet()).AtPriority(Priority)
            .RespondWith(Response.Create().WithCallback(r => Authorized(r) ?? Transactions(r)));
    }

    public string BaseUrl => _server.Url + ApiPath;

    public int TokensIssued => _issued;

    /// <summary>Revokes every access token issued so far (as disabling and re-enabling the API certificate would).</summary>
    public void RevokeTokens() => _tokens.Clear();

    /// <summary>Why token requests were refused, newest last (what a test asserts on, or a developer reads).</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    private ResponseMessage Token(IRequestMessage request)
    {
        var form = System.Web.HttpUtility.ParseQueryString(request.Body ?? "");
        var problem = AssertionProblem(form);
        if (problem is not null)
        {
            _refusals.Enqueue(problem);
            // OAuth error answer (RFC 6749 §5.2).
            return FakeHttp.Json(400, new JsonObject { ["error"] = "invalid_client", ["error_description"] = problem });
        }
        var token = "oa_sand_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = _time.GetUtcNow().AddSeconds(_seed.TokenLifetimeSeconds);
        Interlocked.Increment(ref _issued);
        return FakeHttp.Json(200, new JsonObject { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = _seed.TokenLifetimeSeconds });
    }

    private string? AssertionProblem(System.Collections.Specialized.NameValueCollection form)
    {
        if (form["grant_type"] != "refresh_token") return "grant_type must be refresh_token";
        if (form["refresh_token"] != _seed.RefreshToken) return "unknown refresh_token";
        if (form["client_id"] != _seed.ClientId) return "unknown client_id";
        if (form["client_assertion_type"] != JwtBearer) return "wrong client_assertion_type";
        var parts = (form["client_assertion"] ?? "").Split('.');
        if (parts.Length != 3) return "client_assertion is not a JWT";
        JsonNode? header, payload;
        try
        {
            header = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
            payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return "client_assertion does not decode";
        }
        if ((string?)header?["alg"] != "RS256") return "client_assertion must be RS256";
        if ((string?)payload?["sub"] != _seed.ClientId) return "client_assertion sub is not the client id";
        if ((string?)payload?["aud"] != Audience) return "client_assertion aud must be https://revolut.com";
        if (string.IsNullOrEmpty((string?)payload?["iss"]) || (_seed.Issuer is { } iss && (string?)payload?["iss"] != iss)) return "client_assertion iss is not the redirect domain";
        if (payload?["exp"] is not JsonValue exp || !exp.TryGetValue<long>(out var seconds) || DateTimeOffset.FromUnixTimeSeconds(seconds) <= _time.GetUtcNow())
            return "client_assertion has expired or has no exp";
        if (_seed.PublicKeyPem is { } pem && !SignatureVerifies(pem, parts)) return "client_assertion signature does not verify";
        return null;
    }

    private static bool SignatureVerifies(string publicKeyPem, string[] parts)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        return rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private ResponseMessage? Authorized(IRequestMessage request)
    {
        var header = FakeHttp.Header(request, "Authorization");
        if (header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && _tokens.TryGetValue(header["Bearer ".Length..], out var expires) && _time.GetUtcNow() < expires)
            return null;
        return FakeHttp.Json(401, new JsonObject
        {
            ["error_id"] = Guid.NewGuid().ToString(),
            ["code"] = 1000,
            ["message"] = "Access token is invalid or has expired.",
        });
    }

    private ResponseMessage Transactions(IRequestMessage request)
    {
        var from = Time(FakeHttp.Query(request, "from")) ?? DateTimeOffset.MinValue;
        var to = Time(FakeHttp.Query(request, "to")) ?? _time.GetUtcNow();
        var count = int.TryParse(FakeHttp.Query(request, "count"), CultureInfo.InvariantCulture, out var c) ? Math.Min(c, 1000) : 100;
        var page = _seed.Transactions.OfType<JsonObject>()
            .Select(t => (Node: t, Created: Time((string?)t["created_at"])!.Value))
            .Where(t => t.Created >= from && t.Created < to)
            .OrderByDescending(t => t.Created)
            .Take(count)
            .Select(t => FakeHttp.Copy(t.Node));
        return FakeHttp.Json(200, new JsonArray([.. page]));
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
