using Finance.Core.Notifications.Email;

namespace Finance.Tests.Notifications;

public sealed class EmailTemplatesTests
{
    private static readonly EmailTemplateModel Model = new(
        new EmailParty("Müller & Söhne AG", "ap@mueller.ch"),
        new EmailParty("Dainamics SA", "finance@dainamics.ch"),
        new EmailInvoice("DAINAMICS-2026-00042", "01.10.2026", "31.10.2026", "CHF", "1 234.50", "734.50"),
        new EmailReminder(2, "20.00", "754.50", "15.12.2026"));

    public static TheoryData<EmailKind, string> AllTemplates()
    {
        var data = new TheoryData<EmailKind, string>();
        foreach (var kind in Enum.GetValues<EmailKind>())
        {
            foreach (var language in EmailTemplates.Languages)
            {
                data.Add(kind, language);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllTemplates))]
    public void Render_EveryKindAndLanguage_FillsEveryPlaceholder(EmailKind kind, string language)
    {
        var email = new EmailTemplates().Render(kind, language, Model);

        Assert.Contains("DAINAMICS-2026-00042", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("{", email.Subject + email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Dainamics SA", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(kind == EmailKind.Invoice ? "1 234.50" : "734.50", email.TextBody, StringComparison.Ordinal);
        if (kind is EmailKind.Reminder2 or EmailKind.Reminder3)
        {
            Assert.Contains("20.00", email.TextBody, StringComparison.Ordinal);
            Assert.Contains("754.50", email.TextBody, StringComparison.Ordinal);
            Assert.Contains("15.12.2026", email.TextBody, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("de", EmailKind.Reminder1, "Zahlungserinnerung: Rechnung DAINAMICS-2026-00042")]
    [InlineData("fr", EmailKind.Reminder3, "Mise en demeure : facture DAINAMICS-2026-00042")]
    [InlineData("it", EmailKind.Invoice, "Fattura DAINAMICS-2026-00042 di Dainamics SA")]
    [InlineData("rm", EmailKind.Invoice, "Invoice DAINAMICS-2026-00042 from Dainamics SA")]
    public void Render_Language_PicksItsTemplateAndFallsBackToEnglish(string language, EmailKind kind, string subject) =>
        Assert.Equal(subject, new EmailTemplates().Render(kind, language, Model).Subject);

    [Fact]
    public void Render_Invoice_GreetsTheCustomerWithTheNameUnescaped()
    {
        var email = new EmailTemplates().Render(EmailKind.Invoice, "de", Model);

        Assert.StartsWith("Guten Tag Müller & Söhne AG", email.TextBody, StringComparison.Ordinal);
    }
}
