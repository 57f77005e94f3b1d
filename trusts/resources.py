"""Bulk import and export of areas in the admin (django-import-export): preview, row errors, atomic."""
from import_export import fields, resources

from trusts.models import Area


class AreaResource(resources.ModelResource):
    la_code = fields.Field(attribute="la_code", column_name="la_code")

    class Meta:
        model = Area
        import_id_fields = ["la_code"]
        fields = ["la_code", "gss_code", "name", "authority_type", "region", "director_name", "director_email",
                  "lead_member_name", "lead_member_email", "framework"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # full_clean(): codes, GSS prefix and type checked per row
        use_bulk = False
