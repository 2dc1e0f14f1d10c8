using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoveringTransactionsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_transactions_budget_id_date",
                table: "transactions");

            migrationBuilder.CreateIndex(
                name: "IX_transactions_budget_id_date_id_amount",
                table: "transactions",
                columns: new[] { "budget_id", "date", "id", "amount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_transactions_budget_id_date_id_amount",
                table: "transactions");

            migrationBuilder.CreateIndex(
                name: "IX_transactions_budget_id_date",
                table: "transactions",
                columns: new[] { "budget_id", "date" });
        }
    }
}
