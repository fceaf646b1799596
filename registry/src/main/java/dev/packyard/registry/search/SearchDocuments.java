package dev.packyard.registry.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Turns a {@link SearchItem} into the Lucene document the index holds. */
final class SearchDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Text fields keep their offsets in the postings and their terms in term vectors, so the highlighter finds a
     * hit's matches, prefix and fuzzy ones included, from the index instead of analysing a whole README again for
     * every hit of every query.
     */
    private static final FieldType TEXT_TYPE = textType();

    private final FacetsConfig facets;

    SearchDocuments(FacetsConfig facets) {
        this.facets = facets;
    }

    private static FieldType textType() {
        FieldType type = new FieldType(TextField.TYPE_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        type.setStoreTermVectors(true);
        type.freeze();
        return type;
    }

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setMultiValued(SearchFields.CLOUD_TYPE, true);
        return config;
    }

    Document of(SearchItem item) {
        Document doc = new Document();
        doc.add(new StringField(SearchFields.ID, item.id(), Field.Store.YES));
        doc.add(new StringField(SearchFields.TYPE, item.type().id(), Field.Store.NO));
        doc.add(new StringField(SearchFields.FINGERPRINT, item.fingerprint(), Field.Store.YES));
        doc.add(new StoredField(SearchFields.SUMMARY, summary(item)));
        doc.add(new DoubleDocValuesField(SearchFields.RANK, rank(item)));

        text(doc, SearchFields.NAME, item.name());
        text(doc, SearchFields.DISPLAY_NAME, item.displayName());
        text(doc, SearchFields.KEYWORDS, String.join(", ", item.keywords()));
        text(doc, SearchFields.DESCRIPTION, item.description());
        text(doc, SearchFields.README, item.readme());
        text(doc, SearchFields.DETAILS, item.details());

        String name = lower(item.name());
        doc.add(new StringField(SearchFields.NAME_EXACT, name, Field.Store.NO));
        doc.add(new SortedDocValuesField(SearchFields.NAME_SORT, new BytesRef(name + "\u0000" + item.id())));

        filter(doc, SearchFields.LAYER, item.layer());
        filter(doc, SearchFields.ADDON_TYPE, item.addonType());
        item.cloudTypes().forEach(cloud -> filter(doc, SearchFields.CLOUD_TYPE, cloud));
        filter(doc, SearchFields.SOURCE, item.source());
        filter(doc, SearchFields.STATE, item.state());
        filter(doc, SearchFields.FIPS, item.fips() == null ? null : item.fips().toString());
        filter(doc, SearchFields.REGISTRY, item.registry());
        item.providedBy().forEach(pack -> doc.add(new StringField(SearchFields.PROVIDED_BY, pack, Field.Store.YES)));

        doc.add(new SortedSetDocValuesFacetField(SearchFields.TYPE, item.type().id()));
        facet(doc, SearchFields.LAYER, item.layer());
        facet(doc, SearchFields.ADDON_TYPE, item.addonType());
        item.cloudTypes().stream().distinct().forEach(cloud -> facet(doc, SearchFields.CLOUD_TYPE, cloud));
        try {
            return facets.build(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only a taxonomy writer does I/O here, and there is none
        }
    }

    /**
     * Multiplies the score. Lifecycle states: a deprecated pack still shows, below the packs to use instead. A chart
     * shipped inside packs is how Helm sees those packs; whoever searches a pack registry for "cilium" means the pack,
     * so such a chart ranks well below it (its own exact name would otherwise put it first).
     */
    static double rank(SearchItem item) {
        if (item.type() == ItemType.CHART) {
            return item.providedBy().isEmpty() ? 1.0 : 0.25;
        }
        if (item.state() == null) {
            return 1.0;
        }
        return switch (item.state()) {
            case "deprecated" -> 0.3;
            case "disabled" -> 0.1;
            case "deleted" -> 0.05;
            default -> 1.0;
        };
    }

    static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    private static void text(Document doc, String field, String value) {
        if (value != null && !value.isBlank()) {
            doc.add(new Field(field, value, TEXT_TYPE));
        }
    }

    private static void filter(Document doc, String field, String value) {
        if (value != null && !value.isEmpty()) {
            doc.add(new StringField(field, lower(value), Field.Store.NO));
        } else if (value != null) {
            doc.add(new StringField(field, "", Field.Store.NO)); // the empty base path is a value too
        }
    }

    private static void facet(Document doc, String dimension, String value) {
        if (value != null && !value.isBlank()) {
            doc.add(new SortedSetDocValuesFacetField(dimension, lower(value)));
        }
    }

    private static String summary(SearchItem item) {
        ObjectNode hit = JSON.createObjectNode();
        hit.put("type", item.type().id());
        hit.put("name", item.name());
        hit.put("displayName", item.displayName());
        hit.put("repository", item.repository());
        hit.put("latestVersion", item.latestVersion());
        item.versions().forEach(hit.putArray("versions")::add);
        hit.put("layer", item.layer());
        hit.put("addonType", item.addonType());
        hit.put("addonSubType", item.addonSubType());
        var clouds = hit.putArray("cloudTypes");
        item.cloudTypes().forEach(clouds::add);
        hit.put("state", item.state());
        if (item.fips() == null) {
            hit.putNull("fips");
        } else {
            hit.put("fips", item.fips());
        }
        hit.put("source", item.source());
        hit.put("registry", item.registry());
        hit.put("description", item.description());
        hit.put("latestManifest", item.latestManifest());
        try {
            return JSON.writeValueAsString(hit);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize a search hit", e);
        }
    }
}
