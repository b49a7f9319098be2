namespace Finance.Core.Banking.Statements;

/// <summary>Column positions of a profile in one file's header, and the currency a <c>{ccy}</c> header gave.</summary>
internal sealed record CsvColumnMap(
    int BookingDate, int ValueDate, int Amount, int Debit, int Credit, int Currency, int Counterparty, int Iban,
    int Reference, IReadOnlyList<int> Text, int BankReference, int Account, int Status, int DetailAmount, string? HeaderCurrency);

/// <summary>One CSV line of a statement before it is grouped by account and currency.</summary>
internal sealed record CsvLine(string? Account, string Currency, ParsedEntry Entry);

/// <summary>Turns CSV records into entries with one synthesised transaction each.</summary>
internal static class CsvLineReader
{
    public static CsvColumnMap Resolve(IReadOnlyList<string> header, CsvProfile profile)
    {
        var c = profile.Columns;
        string? currency = null;
        int Index(string? name, bool required = false)
        {
            if (name is null) return -1;
            var (index, ccy) = CsvHeader.Find(header, name);
            if (index < 0 && required)
            {
                throw new StatementRejectedException(StatementRejection.CsvBadColumns,
                    $"The header row has no column '{name}', which the {profile.Name} profile reads.");
            }
            currency ??= ccy;
            return index;
        }
        if (c.Amount is null && (c.Debit is null || c.Credit is null))
        {
            throw new StatementRejectedException(StatementRejection.CsvBadColumns,
                $"The {profile.Name} profile names neither an amount column nor both debit and credit columns.");
        }
        return new CsvColumnMap(
            Index(c.BookingDate, required: true), Index(c.ValueDate), Index(c.Amount, required: c.Amount is not null),
            Index(c.Debit, required: c.Amount is null), Index(c.Credit, required: c.Amount is null), Index(c.Currency, required: c.Currency is not null),
            Index(c.Counterparty), Index(c.Iban), Index(c.Reference), c.Text.Select(t => Index(t)).Where(i => i >= 0).ToList(),
            Index(c.BankReference), Index(c.Account), Index(c.Status), Index(c.DetailAmount), currency);
    }

    /// <summary>
    /// The line as an entry, or null for a line that is not a booking: blank, or without any amount and without a date in
    /// the booking date column (footers such as PostFinance's "Disclaimer:"), or a detail line of a collective booking
    /// (<see cref="CsvColumns.DetailAmount"/>). A line with an amount but no usable date,
    /// or a date but no amount, is refused with its line number.
    /// </summary>
    public static CsvLine? Read(CsvRecord record, CsvProfile profile, CsvColumnMap map)
    {
        if (record.IsBlank) return null;
        var c = profile.Columns;
        string? Cell(int index) => index >= 0 && index < record.Fields.Count ? NullIfEmpty(CsvHeader.Clean(record.Fields[index])) : null;
        var amountCells = new[] { Cell(map.Amount), Cell(map.Debit), Cell(map.Credit) };
        var bookingCell = Cell(map.BookingDate);
        if (amountCells.All(a => a is null) && Cell(map.DetailAmount) is not null) return null;
        if (amountCells.All(a => a is null) && (bookingCell is null || CsvValues.TryDate(profile, bookingCell) is null)) return null;

        var status = Cell(map.Status);
        var (entryStatus, booked) = Status(profile, status);
        var amount = Amount(record.Line, profile, map, amountCells);
        var bookingDate = CsvValues.Date(profile, bookingCell, record.Line, c.BookingDate);
        if (bookingDate is null && booked) throw CsvValues.Bad(record.Line, c.BookingDate, "", "a date");
        var currency = Cell(map.Currency) ?? map.HeaderCurrency ?? profile.Currency
            ?? throw CsvValues.Bad(record.Line, c.Currency ?? "currency", "", "a currency (the profile names none)");

        var text = map.Text.Select(Cell).OfType<string>().ToList();
        var party = Cell(map.Counterparty) is not null || Cell(map.Iban) is not null
            ? new TransactionParty(Cell(map.Counterparty), Cell(map.Iban), null, null, null, null, [])
            : null;
        var reference = Cell(map.Reference);
        var money = new StatementMoney(amount, currency);
        var transaction = new ParsedTransaction(
            money, null, null,
            TransactionReferences.None with { AccountServicerReference = Cell(map.BankReference) },
            amount >= 0 ? party : null, amount < 0 ? party : null, null, null,
            reference is null ? [] : [StructuredReferences.Classify(reference, null)],
            text, [], null, null, null, null,
            Synthesised: true);
        var entry = new ParsedEntry(
            0, amount, currency, bookingDate, CsvValues.Date(profile, Cell(map.ValueDate), record.Line, c.ValueDate ?? ""),
            entryStatus, status, false, Cell(map.BankReference), null, null, null, null, null,
            text.Count > 0 ? string.Join('\n', text) : null, [transaction], false);
        return new CsvLine(Cell(map.Account), currency, entry);
    }

    private static decimal Amount(int line, CsvProfile profile, CsvColumnMap map, string?[] cells)
    {
        var c = profile.Columns;
        if (map.Amount >= 0)
        {
            return CsvValues.Amount(profile, cells[0], line, c.Amount!) ?? throw CsvValues.Bad(line, c.Amount!, "", "an amount");
        }
        var debit = CsvValues.Amount(profile, cells[1], line, c.Debit!);
        var credit = CsvValues.Amount(profile, cells[2], line, c.Credit!);
        return (debit, credit) switch
        {
            (null, { } cr) => cr,
            ({ } db, null) => profile.DebitIsPositive ? -db : db,
            (null, null) => throw CsvValues.Bad(line, $"{c.Debit}/{c.Credit}", "", "an amount (both are empty)"),
            _ => throw CsvValues.Bad(line, $"{c.Debit}/{c.Credit}", $"{cells[1]} / {cells[2]}", "one amount (both columns are filled)"),
        };
    }

    private static (EntryStatus Status, bool Booked) Status(CsvProfile profile, string? status)
    {
        if (status is null) return (EntryStatus.Booked, true);
        if (profile.BookedStatuses.Contains(status, StringComparer.OrdinalIgnoreCase)) return (EntryStatus.Booked, true);
        // Revolut's PENDING has not moved money yet; DECLINED, REVERTED and FAILED never will.
        return string.Equals(status, "PENDING", StringComparison.OrdinalIgnoreCase) ? (EntryStatus.Pending, false) : (EntryStatus.Information, false);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
