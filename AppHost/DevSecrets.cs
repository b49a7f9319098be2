using System.Security.Cryptography;

namespace Finance.AppHost;

/// <summary>
/// The development signing key: random, made on the first run, kept in the data directory (never the repository)
/// with owner-only permissions, so tokens stay valid across runs.
/// </summary>
internal static class DevSecrets
{
    public static string SigningKey(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "signing-key");
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }
        Directory.CreateDirectory(dataDirectory);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        File.WriteAllText(file, key);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
