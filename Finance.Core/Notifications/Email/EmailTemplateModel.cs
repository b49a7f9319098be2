namespace Finance.Core.Notifications.Email;

/// <summary>What invoice and reminder templates can use; amounts and dates arrive already formatted.</summary>
public sealed record EmailTemplateModel(EmailParty Customer, EmailParty Company, EmailInvoice Invoice, EmailReminder? Reminder = null);

public sealed record EmailParty(string Name, string Email);

/// <summary>Dates as <c>dd.MM.yyyy</c> (Swiss usage); amounts as on the QR-bill, e.g. <c>1 234.50</c>.</summary>
public sealed record EmailInvoice(string Number, string Date, string DueDate, string Currency, string Total, string OpenAmount);

public sealed record EmailReminder(int Level, string Fee, string TotalDue, string PayBy);
