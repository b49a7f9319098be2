namespace Finance.Api.Auth;

/// <summary>The roles a token carries in its <c>role</c> claim, and the policies built on them.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Accountant = "accountant";
    public const string Approver = "approver";
    public const string Viewer = "viewer";

    public static readonly string[] All = [Admin, Accountant, Approver, Viewer];
}

public static class Policies
{
    /// <summary>Any role: reading.</summary>
    public const string Read = "read";

    /// <summary>admin or accountant: changing books.</summary>
    public const string Write = "write";

    /// <summary>admin or approver: approving supplier bills.</summary>
    public const string Approve = "approve";

    /// <summary>admin only: flows, schedules, configuration.</summary>
    public const string Administer = "administer";
}
