package dev.packyard.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Java rules in {@link PackJsonSchema} say what pack-central's pack-schema.json says, field for field. */
class PackJsonSchemaDriftTest {

    private static JsonNode schema() throws IOException {
        return new ObjectMapper().readTree(Fixtures.shared().resolve("pack-schema.json").toFile());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void enumsAndRequiredListsMatchTheSchemaFile() throws IOException {
        JsonNode schema = schema();
        JsonNode defs = schema.get("definitions");
        assertEquals(strings(schema.get("required")), PackJsonSchema.REQUIRED);
        assertEquals(strings(defs.at("/layer/enum")), PackJsonSchema.LAYERS);
        assertEquals(strings(schema.at("/properties/cloudTypes/items/enum")), PackJsonSchema.CLOUD_TYPES);
        assertEquals(strings(schema.at("/properties/cloudType/enum")), PackJsonSchema.CLOUD_TYPE);
        assertEquals(strings(defs.at("/dependency/required")), PackJsonSchema.DEPENDENCY_REQUIRED);
        assertEquals(strings(defs.at("/dependency/properties/type/enum")), PackJsonSchema.DEPENDENCY_TYPES);
        assertEquals(strings(defs.at("/resource/properties/type/enum")), PackJsonSchema.RESOURCE_TYPES);
        assertEquals(strings(defs.at("/component/properties/scheduleType/enum")), PackJsonSchema.SCHEDULE_TYPES);
        assertEquals(List.of("type"), strings(defs.at("/resource/required")));
        assertEquals(List.of("scheduleType"), strings(defs.at("/component/required")));
    }

    @Test
    void everyTopLevelPropertyIsChecked() throws IOException {
        Set<String> properties = new TreeSet<>();
        schema().get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> checked = new TreeSet<>(PackJsonSchema.REQUIRED);
        checked.addAll(PackJsonSchema.STRING_FIELDS);
        checked.addAll(PackJsonSchema.PATH_LISTS);
        checked.addAll(List.of("cloudTypes", "cloudType", "annotations", "constraints"));
        assertEquals(properties, checked);
        for (String field : PackJsonSchema.STRING_FIELDS) {
            assertEquals("string", schema().at("/properties/" + field + "/type").asText(), field);
        }
    }
}
