using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Finance.Core.Integrations.Revolut;

/// <summary>
/// The client assertion Revolut's token endpoint requires (RFC 7523 §2.2, private_key_jwt): a JWT signed RS256 (RFC 7518
/// §3.3) with <c>iss</c> = the redirect URI's domain, <c>sub</c> = the client id, <c>aud</c> = <c>https://revolut.com</c>
/// and <c>exp</c> (Revolut Business API guide "Make your first API request"). Written by hand: two JSON objects, base64url
/// (RFC 7515 §2) and one signature need no JWT package.
/// </summary>
public static class RevolutClientAssertion
{
    public const string Audience = "https://revolut.com";
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static string Create(RSA key, string issuer, string clientId, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["sub"] = clientId,
            ["aud"] = Audience,
            ["exp"] = expires.ToUnixTimeSeconds(),
        });
        var signingInput = $"{Base64Url(header)}.{Base64Url(payload)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
