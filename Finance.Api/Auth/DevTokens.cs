using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Finance.Api.Auth;

/// <summary>Mints HS256 tokens with the development signing key: for the run command's ready admin token and for tests.</summary>
public static class DevTokens
{
    public static string Create(AuthOptions options, string subject, IEnumerable<string> roles, IEnumerable<string> companies,
        DateTimeOffset now, TimeSpan lifetime)
    {
        var key = options.SigningKey ?? throw new InvalidOperationException("Auth:SigningKey is not set; development tokens cannot be minted.");
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        claims.AddRange(companies.Select(c => new Claim(CompanyAccess.ClaimType, c)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    public static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));
}
