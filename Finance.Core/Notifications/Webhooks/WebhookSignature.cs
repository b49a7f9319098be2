using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Finance.Core.Notifications.Webhooks;

/// <summary>
/// How a receiver knows a webhook is ours and fresh: <c>Finance-Webhook-Signature: v1=hex(HMAC-SHA256(secret,
/// "{timestamp}.{body}"))</c> with <c>Finance-Webhook-Timestamp</c> in Unix seconds: the scheme Stripe and Revolut use,
/// so the timestamp is signed with the body and a receiver can refuse old deliveries (replays).
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Finance-Webhook-Id";
    public const string TimestampHeader = "Finance-Webhook-Timestamp";
    public const string SignatureHeader = "Finance-Webhook-Signature";
    private const string SecretPrefix = "whsec_";

    /// <summary>A new endpoint secret: 32 random bytes, URL-safe base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{body}")));
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does: the signature matches (in constant time) and the timestamp is within <paramref name="tolerance"/> of now.</summary>
    public static bool Verify(string secret, string timestampHeader, string signatureHeader, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
