/**
 * The admin client's operations ({@link io.brook.client.internal.admin.AdminClient}): topic
 * creation, deletion, description and alteration, cluster description, and consumer groups
 * (listing, description, committed offsets, deletion) through their coordinators, each retried
 * until its deadline. Depends on the metadata, network and coordinator packages and the protocol
 * messages.
 */
package io.brook.client.internal.admin;
