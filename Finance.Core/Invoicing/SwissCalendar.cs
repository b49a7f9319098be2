namespace Finance.Core.Invoicing;

/// <summary>Invoice and due dates are Swiss calendar dates: "today" is today in Europe/Zurich, not in UTC.</summary>
public static class SwissCalendar
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);
}
