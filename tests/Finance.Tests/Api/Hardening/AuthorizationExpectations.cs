using Finance.Api.Auth;

namespace Finance.Tests.Api.Hardening;

/// <summary>Who may call: any role; admin or accountant (writes books); admin or approver (decides on supplier bills); admin;
/// admin with a whole-group token (<c>*</c>).</summary>
public enum Callers { AnyRole, Writers, Approvers, Admin, GroupAdmin }

/// <summary>
/// <c>Company</c>: the resource, the <c>company</c> filter or body field belongs to one company, so a token without it
/// gets 403. <c>GroupWide</c>: nothing company-bound in the request (lists are filtered instead; checked apart).
/// </summary>
public enum Binding { Company, GroupWide }

/// <summary>Own: HYPERVISUAL token on HYPERVISUAL resources. Foreign: HYPERVISUAL token on DAINAMICS ones. Group: <c>*</c> token on DAINAMICS ones.</summary>
public enum Scope { Own, Foreign, Group }

public sealed record Expectation(Callers Callers, Binding Binding)
{
    /// <summary>403 when the caller may not do it, null when it must succeed (2xx).</summary>
    public int? Refusal(string role, Scope scope)
    {
        var roleMay = Callers switch
        {
            Callers.AnyRole => true,
            Callers.Writers => role is Roles.Admin or Roles.Accountant,
            Callers.Approvers => role is Roles.Admin or Roles.Approver,
            Callers.Admin => role == Roles.Admin,
            _ => role == Roles.Admin && scope == Scope.Group,
        };
        return !roleMay || (Binding == Binding.Company && scope == Scope.Foreign) ? 403 : null;
    }
}

/// <summary>
/// The authorization rules of README "Security" per operationId, written from what each operation means (not copied
/// from the endpoint code). An operation of the OpenAPI document missing here fails the matrix: new endpoints join it.
/// </summary>
public static class AuthorizationExpectations
{
    private static readonly Expectation Read = new(Callers.AnyRole, Binding.GroupWide);
    private static readonly Expectation ReadCompany = new(Callers.AnyRole, Binding.Company);
    private static readonly Expectation Write = new(Callers.Writers, Binding.Company);
    // Flow definitions are shared by the group: changing one changes it for every company.
    private static readonly Expectation ChangeDefinition = new(Callers.GroupAdmin, Binding.GroupWide);

    public static readonly IReadOnlyDictionary<string, Expectation> ByOperationId = new Dictionary<string, Expectation>
    {
        ["ListCompanies"] = Read, ["GetCompany"] = ReadCompany, ["StreamEvents"] = Read,

        ["ListCustomers"] = ReadCompany, ["GetCustomer"] = ReadCompany,
        ["CreateCustomer"] = Write, ["UpdateCustomer"] = Write, ["DeleteCustomer"] = Write,

        ["ListInvoices"] = ReadCompany, ["GetInvoice"] = ReadCompany, ["GetInvoicePdf"] = ReadCompany,
        ["ListInvoiceReminders"] = ReadCompany, ["ListInvoicePayments"] = ReadCompany,
        ["CreateInvoiceDraft"] = Write, ["UpdateInvoiceDraft"] = Write, ["IssueInvoice"] = Write, ["MarkInvoiceSent"] = Write,
        ["CancelInvoice"] = Write, ["SendInvoice"] = Write, ["RecordInvoicePayment"] = Write, ["CreateCreditNote"] = Write,

        ["ListFlowDefinitions"] = Read, ["GetFlowDefinition"] = Read, ["ListFlowDefinitionVersions"] = Read,
        ["CreateFlowDraft"] = ChangeDefinition, ["UpdateFlowDraft"] = ChangeDefinition, ["PublishFlowVersion"] = ChangeDefinition,
        ["RetireFlowVersion"] = ChangeDefinition, ["RevertFlowVersion"] = ChangeDefinition,
        // Validation stores nothing: any admin may ask.
        ["ValidateFlowDefinition"] = new(Callers.Admin, Binding.GroupWide), ["ValidateFlowVersion"] = new(Callers.Admin, Binding.GroupWide),
        ["ListFlowActivities"] = Read,
        // A bearer HTTP trigger starts an instance for its company: the same rule as StartFlowInstance.
        ["ReceiveFlowHook"] = Write,

        ["ListFlowInstances"] = ReadCompany, ["GetFlowInstance"] = ReadCompany,
        ["StartFlowInstance"] = Write, ["SignalFlowInstance"] = Write, ["CancelFlowInstance"] = Write,
        // Re-running a step is an operator's decision: it may have effects outside the books.
        ["RetryFlowInstance"] = new(Callers.Admin, Binding.Company),

        // A schedule starts flows in its company: the admin must reach that company.
        ["ListFlowSchedules"] = Read, ["PauseFlowSchedule"] = new(Callers.Admin, Binding.Company),
        ["ResumeFlowSchedule"] = new(Callers.Admin, Binding.Company), ["TriggerFlowSchedule"] = new(Callers.Admin, Binding.Company),

        ["ListQueues"] = Read, ["ListFlowDeadLetters"] = Read,

        // The company is a form field: a bookkeeper uploads for a company their token covers.
        ["UploadBillDocument"] = Write,
        ["ListBills"] = ReadCompany, ["GetBill"] = ReadCompany, ["GetBillDocument"] = ReadCompany, ["GetBillPage"] = ReadCompany, ["CorrectBill"] = Write,
        // Approving is the approvers' job (and the admins'); accountants correct but never approve.
        ["ApproveBill"] = new(Callers.Approvers, Binding.Company), ["RejectBill"] = new(Callers.Approvers, Binding.Company),
        ["ListPaymentRuns"] = ReadCompany, ["GetPaymentRun"] = ReadCompany, ["GetPaymentRunFile"] = ReadCompany,
        ["CreatePaymentRun"] = Write, ["CancelPaymentRun"] = Write,
        ["ListSuppliers"] = ReadCompany, ["GetSupplier"] = ReadCompany, ["CreateSupplier"] = Write,

        // The inbox is everyone's (filtered to the caller's companies and roles); who gets what is the admins' setting.
        ["ListNotifications"] = ReadCompany, ["MarkNotificationsRead"] = Read,
        ["ListNotificationRecipients"] = new(Callers.Admin, Binding.GroupWide), ["SaveNotificationRecipient"] = new(Callers.Admin, Binding.Company),
        ["DeleteNotificationRecipient"] = new(Callers.Admin, Binding.Company),
        ["ListWebhookEndpoints"] = new(Callers.Admin, Binding.GroupWide), ["CreateWebhookEndpoint"] = new(Callers.Admin, Binding.Company),
        ["DeactivateWebhookEndpoint"] = new(Callers.Admin, Binding.Company), ["ListWebhookDeliveries"] = new(Callers.Admin, Binding.Company),

        // A bank file's accounts decide its companies: an accountant imports for the companies the token covers.
        ["ImportBankStatement"] = Write, ["ListCsvProfiles"] = Read,
        // A CSV profile serves every company's imports.
        ["SaveCsvProfile"] = ChangeDefinition,
        ["ListBankAccounts"] = ReadCompany, ["ListBankTransactions"] = ReadCompany, ["GetBankTransaction"] = ReadCompany, ["GetCashPosition"] = ReadCompany, ["GetDashboard"] = ReadCompany,
        ["GetTransactionReconciliation"] = ReadCompany, ["ConfirmTransactionMatch"] = Write, ["SetTransactionAside"] = Write,
        ["UndoTransactionMatch"] = Write, ["ForceBankSync"] = Write, ["ForceReconciliation"] = Write,
        ["ListReconciliationRules"] = Read, ["CreateReconciliationRule"] = Write, ["DeleteReconciliationRule"] = Write,
        // What the Invoice Ninja sync would not decide alone is the bookkeepers' to review: accountants and admins read it.
        ["ListSyncConflicts"] = Write,
    };
}
