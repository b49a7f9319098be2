using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Finance.Api.Flows;

/// <summary>
/// The signature of an <c>hmac-sha256</c> hook call, in the scheme Stripe and Slack use: <c>X-Finance-Timestamp</c> is
/// Unix seconds, <c>X-Finance-Signature</c> is <c>sha256=</c> + hex(HMAC-SHA256(secret, timestamp + "." + body)). The
/// timestamp is signed so an old call cannot be sent again later; within the tolerance the instance id derived from the
/// signature refuses a second delivery.
/// </summary>
public static class FlowHookSignature
{
    public const string TimestampHeader = "X-Finance-Timestamp";
    public const string SignatureHeader = "X-Finance-Signature";
    private const string Prefix = "sha256=";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var head = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>Null when the call is genuine and fresh; else why not (for a 401).</summary>
    public static string? Check(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (signature is null || timestamp is null) return $"A signed hook needs the {TimestampHeader} and {SignatureHeader} headers.";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 100_000_000_000)
            return $"{TimestampHeader} must be Unix seconds.";
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        // Constant time: a byte-by-byte early exit would tell an attacker how much of a guess was right.
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant())))
            return "The signature does not match the body.";
        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() > tolerance ? $"The timestamp is {(int)age.TotalSeconds} s from our clock; at most {(int)tolerance.TotalSeconds} s are accepted." : null;
    }

    /// <summary>The instance id a signed delivery starts: the same signature twice names the same instance.</summary>
    public static string InstanceId(string slug, string signature) =>
        $"hook:{slug}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant())))[..32]}";
}
