using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Budget.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Imports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "import_mappings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    profile_id = table.Column<long>(type: "INTEGER", nullable: false),
                    fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    bank_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    columns = table.Column<string>(type: "TEXT", nullable: false),
                    delimiter = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    skip_lines = table.Column<int>(type: "INTEGER", nullable: false),
                    first_row_is_header = table.Column<bool>(type: "INTEGER", nullable: false),
                    date_column = table.Column<int>(type: "INTEGER", nullable: false),
                    date_format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    decimal_separator = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    amount_column = table.Column<int>(type: "INTEGER", nullable: true),
                    debit_column = table.Column<int>(type: "INTEGER", nullable: true),
                    credit_column = table.Column<int>(type: "INTEGER", nullable: true),
                    payee_column = table.Column<int>(type: "INTEGER", nullable: true),
                    description_column = table.Column<int>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_mappings", x => x.id);
                    table.ForeignKey(
                        name: "FK_import_mappings_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "imports",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    profile_id = table.Column<long>(type: "INTEGER", nullable: false),
                    budget_id = table.Column<long>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    format = table.Column<string>(type: "TEXT", nullable: false),
                    request_hash = table.Column<string>(type: "TEXT", nullable: false),
                    imported = table.Column<int>(type: "INTEGER", nullable: false),
                    already_imported = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports", x => x.id);
                    table.ForeignKey(
                        name: "FK_imports_budgets_budget_id",
                        column: x => x.budget_id,
                        principalTable: "budgets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_imports_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "imported_transactions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    profile_id = table.Column<long>(type: "INTEGER", nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    import_id = table.Column<long>(type: "INTEGER", nullable: false),
                    transaction_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imported_transactions", x => x.id);
                    table.ForeignKey(
                        name: "FK_imported_transactions_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_imported_transactions_profiles_profile_id",
                        column: x => x.profile_id,
                        principalTable: "profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_imported_transactions_transactions_transaction_id",
                        column: x => x.transaction_id,
                        principalTable: "transactions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_import_mappings_profile_id_fingerprint",
                table: "import_mappings",
                columns: new[] { "profile_id", "fingerprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_imported_transactions_import_id",
                table: "imported_transactions",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "IX_imported_transactions_profile_id_key",
                table: "imported_transactions",
                columns: new[] { "profile_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_imported_transactions_transaction_id",
                table: "imported_transactions",
                column: "transaction_id");

            migrationBuilder.CreateIndex(
                name: "IX_imports_budget_id",
                table: "imports",
                column: "budget_id");

            migrationBuilder.CreateIndex(
                name: "IX_imports_profile_id",
                table: "imports",
                column: "profile_id");

            migrationBuilder.CreateIndex(
                name: "IX_imports_profile_id_idempotency_key",
                table: "imports",
                columns: new[] { "profile_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "import_mappings");

            migrationBuilder.DropTable(
                name: "imported_transactions");

            migrationBuilder.DropTable(
                name: "imports");
        }
    }
}
